/** @mtlkit/svgd: see README.md. */
export {};
