/** A usage or configuration problem: exit code 2 with a one-line reason on stderr. */
export interface UsageError {
  readonly _tag: 'UsageError';
  readonly message: string;
}

export const usageError = (message: string): UsageError => ({ _tag: 'UsageError', message });

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/** A failure while reading data or training: exit code 1 with a one-line reason on stderr. */
export interface RuntimeError {
  readonly _tag: 'RuntimeError';
  readonly message: string;
}

export const runtimeError = (message: string): RuntimeError => ({ _tag: 'RuntimeError', message });

export type CliError = UsageError | RuntimeError;

export const exitCodeOf = (e: CliError): number => (e._tag === 'UsageError' ? EXIT_USAGE : EXIT_RUNTIME);
