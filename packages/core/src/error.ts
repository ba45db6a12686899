/**
 * The errors mtlkit reports instead of throwing: a tagged union whose `message` is a sentence a
 * user can act on. Every public function that can meet bad input returns `Either<MtlError, A>`.
 */
export type MtlErrorTag =
  | 'InvalidJacobian'
  | 'ShapeMismatch'
  | 'NonFinite'
  | 'EmptyInput'
  | 'InvalidArgument'
  | 'SolverFailed'
  | 'InvalidConfig'
  | 'DataFormat'
  | 'BackendUnavailable';

export interface MtlError {
  readonly _tag: MtlErrorTag;
  readonly message: string;
}

const make =
  (tag: MtlErrorTag) =>
  (message: string): MtlError => ({ _tag: tag, message });

/** The input is not an m x d task Jacobian (wrong rank, dtype, or an empty dimension). */
export const invalidJacobian = make('InvalidJacobian');
/** Two inputs that must agree in shape do not. */
export const shapeMismatch = make('ShapeMismatch');
/** A NaN or an infinity where finite numbers are required. */
export const nonFinite = make('NonFinite');
/** An empty batch, table or list where at least one element is required. */
export const emptyInput = make('EmptyInput');
/** An option or argument outside its domain (negative step size, probability above 1...). */
export const invalidArgument = make('InvalidArgument');
/** A numerical solver stopped before reaching its tolerance. */
export const solverFailed = make('SolverFailed');
/** A configuration value (file or object from outside) does not match its schema. */
export const invalidConfig = make('InvalidConfig');
/** A data file is malformed: the message names the file, the position and what was expected. */
export const dataFormat = make('DataFormat');
/** The requested tfjs backend could not be initialised. */
export const backendUnavailable = make('BackendUnavailable');

/** The message of an error, prefixed by its tag: `"NonFinite: row 2, column 5 is NaN."`. */
export const formatError = (e: MtlError): string => `${e._tag}: ${e.message}`;
