import { dataFormat, invalidArgument, Key, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { imageDataset, type ImageDataset } from './dataset.js';
import { readIdx, type IdxArray } from './idx.js';

/**
 * The Multi-MNIST placement: each item is a 28 × 28 image; one goes to the top-left corner of a
 * (28 + offset)² canvas, the other `offset` pixels right and down (the bottom-right corner), and
 * the overlap takes the pixel-wise maximum, as in Sener & Koltun 2018's `multi_mnist_loader.py`.
 * The canvas is 36 × 36 (offset 8), the input size of seed 002 and Pareto MTL (Lin et al. 2019);
 * Sabour et al. 2017's MultiMNIST also uses a 36 × 36 canvas (shifts of up to 4 pixels each way),
 * of which top-left/bottom-right are the extreme shifts. Sener & Koltun's code puts the second digit
 * at 6 pixels and then resizes the canvas to 28 × 28; we keep the 36 × 36 canvas.
 */
export const MULTI_MNIST_OFFSET = 8;

/** Writes the pixel-wise maximum of `item` (h × w) placed at (row, col) into `canvas` (width `cw`). */
export const placeMax = (canvas: Float32Array, cw: number, item: ArrayLike<number>, h: number, w: number, row: number, col: number, scale = 1): void => {
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      const k = (row + r) * cw + col + c;
      const v = item[r * w + c]! * scale;
      if (v > canvas[k]!) canvas[k] = v;
    }
};

export interface MultiMnistOptions {
  /** Draws the pairs. */
  readonly key: Key;
  /** Number of composed images (default: as many as the source has images). */
  readonly count?: number;
  /** Shift of the bottom-right item (default 8: 28 × 28 items give 36 × 36 images). */
  readonly offset?: number;
}

/**
 * Multi-MNIST images from an image array and its labels (e.g. read from IDX files): image i
 * pairs a top-left source image with a bottom-right one, both drawn uniformly from the key
 * (Sener & Koltun pair every image with one random partner; the two labels may be equal).
 * Pixel values are scaled from 0..255 to [0, 1]. Task 1 = the top-left label, task 2 = the
 * bottom-right label. Deterministic for a key.
 */
export const composeMultiMnist = (images: IdxArray, labels: IdxArray, options: MultiMnistOptions, sources: readonly [string, string] = ['images', 'labels']): E.Either<MtlError, ImageDataset> => {
  const [imagesName, labelsName] = sources;
  if (images.shape.length !== 3) return E.left(dataFormat(`${imagesName}: expected an IDX array of images N × H × W, got shape ${images.shape.join(' × ')}.`));
  if (labels.shape.length !== 1) return E.left(dataFormat(`${labelsName}: expected an IDX vector of labels, got shape ${labels.shape.join(' × ')}.`));
  const [n, h, w] = images.shape as [number, number, number];
  if (labels.shape[0] !== n) return E.left(shapeMismatch(`${imagesName} holds ${n} images but ${labelsName} holds ${labels.shape[0]} labels.`));
  if (n === 0) return E.left(dataFormat(`${imagesName} holds no image.`));
  const badLabel = labels.data.findIndex((l) => l > 9);
  if (badLabel >= 0) return E.left(dataFormat(`${labelsName}: label ${badLabel} (byte ${8 + badLabel}) is ${labels.data[badLabel]}; expected a class 0..9.`));
  const count = options.count ?? n;
  const offset = options.offset ?? MULTI_MNIST_OFFSET;
  if (!Number.isInteger(count) || count < 1) return E.left(invalidArgument(`count must be a positive integer, got ${count}.`));
  if (!Number.isInteger(offset) || offset < 0) return E.left(invalidArgument(`offset must be a non-negative integer, got ${offset}.`));
  const [H, W] = [h + offset, w + offset];
  const out = new Float32Array(count * H * W);
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  const picks = Key.uniform(options.key, 2 * count);
  for (let i = 0; i < count; i++) {
    const a = Math.floor(picks[2 * i]! * n);
    const b = Math.floor(picks[2 * i + 1]! * n);
    const canvas = out.subarray(i * H * W, (i + 1) * H * W);
    placeMax(canvas, W, images.data.subarray(a * h * w, (a + 1) * h * w), h, w, 0, 0, 1 / 255);
    placeMax(canvas, W, images.data.subarray(b * h * w, (b + 1) * h * w), h, w, offset, offset, 1 / 255);
    left[i] = labels.data[a]!;
    right[i] = labels.data[b]!;
  }
  return E.right(imageDataset(out, [count, H, W, 1], [left, right]));
};

/**
 * Multi-MNIST from MNIST-format IDX files (raw or gzip; MNIST or Fashion-MNIST), with the same
 * protocol and dataset type as `multiDigits`: images N × 36 × 36 × 1 in [0, 1], labels of the
 * top-left and bottom-right items. Errors name the file.
 */
export const multiMnistFromIdx = async (imagesPath: string, labelsPath: string, options: MultiMnistOptions): Promise<E.Either<MtlError, ImageDataset>> => {
  const [images, labels] = await Promise.all([readIdx(imagesPath), readIdx(labelsPath)]);
  if (E.isLeft(images)) return images;
  if (E.isLeft(labels)) return labels;
  return composeMultiMnist(images.right, labels.right, options, [imagesPath, labelsPath]);
};
