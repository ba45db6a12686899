/** @mtlkit/datasets: see README.md. */
export {};
