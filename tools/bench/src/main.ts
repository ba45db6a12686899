/** mtlkit-bench: benchmark suites (see README.md). */
export {};
