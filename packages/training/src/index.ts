/** @mtlkit/training: see README.md. */
export {};
