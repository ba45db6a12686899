/** @mtlkit/aggregators: see README.md. */
export {};
