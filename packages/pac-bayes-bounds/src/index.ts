/** @mtlkit/pac-bayes-bounds: see README.md. */
export {};
