/**
 * @mtlkit/datasets — benchmark generators (ZDT, DTLZ, the seed-002 Gaussian toy, conflict
 * regression, multi-digits), loaders of standard formats (IDX, NPY, CSV/TSV, SARCOS, EEG epochs)
 * and the pipeline: seeded splits, standardisation fitted on train, mini-batches as tensors.
 * Datasets are plain typed arrays; only `batches` makes tensors, and their receiver disposes them.
 */
export * from './dataset.js';
export * from './split.js';
export * from './standardize.js';
export * from './batches.js';
export { readIdx, parseIdx, encodeIdx, type IdxArray } from './idx.js';
export { readNpy, parseNpy, encodeNpy, type NpyArray } from './npy.js';
export { readCsv, parseCsv, CsvSchemaCodec, type CsvSchema } from './csv.js';
export { multiMnistFromIdx, composeMultiMnist, MULTI_MNIST_OFFSET, type MultiMnistOptions } from './multi-mnist.js';
export { multiDigits, type MultiDigitsOptions } from './multi-digits.js';
export { multiFashion } from './multi-fashion.js';
export { FASHION_CLASSES } from './fashion-shapes.js';
export { DIGIT_GLYPHS } from './glyphs.js';
export { encodePng, imageGridPng } from './png.js';
export * from './problem.js';
export { zdt, ZDT3_SEGMENTS, ZDT6_F1_MIN, type ZdtNumber } from './zdt.js';
export { dtlz, type DtlzOptions } from './dtlz.js';
export * from './gaussian-toy.js';
export * from './conflict-regression.js';
export { sarcos, quantile, SARCOS_INPUTS, SARCOS_TASKS, type Sarcos, type SarcosOptions } from './sarcos.js';
export { eegFromNpy, type EegDataset, type EegOptions } from './eeg.js';
