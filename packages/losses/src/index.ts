/** @mtlkit/losses: see README.md. */
export {};
