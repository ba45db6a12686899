/** @mtlkit/metrics: see README.md. */
export {};
