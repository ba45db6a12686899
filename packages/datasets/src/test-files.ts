import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Test helper (not exported by the package): a fresh temporary folder and a writer of files into it. */
export const tempFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtlkit-datasets-'));
  let n = 0;
  return {
    dir,
    /** Writes bytes or text to a new file (gzip-compressed when asked) and returns its path. */
    write: (content: Uint8Array | string, name = `file-${n++}`, gzip = false): string => {
      const path = join(dir, name);
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** The right of an Either, or a thrown error with the left's message (tests only). */
export const unwrap = <A>(e: { _tag: 'Left'; left: { message: string } } | { _tag: 'Right'; right: A }): A => {
  if (e._tag === 'Left') throw new Error(e.left.message);
  return e.right;
};
