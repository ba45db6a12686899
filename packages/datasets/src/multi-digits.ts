import { invalidArgument, Key, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { imageDataset, type ImageDataset } from './dataset.js';
import { randomStream, type RandomStream } from './fast-random.js';
import { DIGIT_GLYPHS, type Glyph } from './glyphs.js';
import { MULTI_MNIST_OFFSET, placeMax } from './multi-mnist.js';
import { flattenStroke, glyphAffine, inkFromDistance, strokeDistance, transform } from './raster.js';

/** Side of one rendered item, as MNIST. */
export const ITEM_SIZE = 28;

export interface MultiDigitsOptions {
  /** Everything is drawn from this key; image i depends only on (key, i), so a smaller count gives a prefix. */
  readonly key: Key;
  /** Number of images. */
  readonly count: number;
  /** Shift of the bottom-right digit (default 8: 36 × 36 images). */
  readonly offset?: number;
  /** Standard deviation of the Gaussian pixel noise added to the composed image, then clipped to [0, 1] (default 0.1). */
  readonly noise?: number;
  /** Multiplies every jitter range (rotation, shear, scale, aspect, translation, wobble); 0 draws the glyphs straight (default 1). */
  readonly jitter?: number;
  /** Range of the stroke width in pixels (default [1.6, 3.8]). */
  readonly strokeWidth?: readonly [number, number];
  /** Range of the ink level of an item (default [0.5, 1]): a faint item is partly hidden where it overlaps a dark one. */
  readonly ink?: readonly [number, number];
}

/** The validated options of a procedural two-item generator. */
export type ComposeOptions = Required<Omit<MultiDigitsOptions, 'key'>>;

/** The jitter of one rendered item, drawn from the stream (geometric ranges times `j`). */
export interface ItemStyle {
  readonly variant: number;
  readonly height: number;
  readonly aspect: number;
  readonly shear: number;
  readonly rotation: number;
  readonly dx: number;
  readonly dy: number;
  readonly wobble: readonly [number, number, number, number, number, number];
  readonly width: number;
  readonly ink: number;
}

export const drawStyle = (rng: RandomStream, variants: number, j: number, strokeWidth: readonly [number, number], ink: readonly [number, number] = [1, 1]): ItemStyle => ({
  variant: rng.int(variants),
  height: 18.5 + j * rng.between(-3.5, 2.5),
  aspect: 1 + j * rng.between(-0.22, 0.22),
  shear: j * rng.between(-0.35, 0.35),
  rotation: j * rng.between(-0.26, 0.26),
  dx: j * rng.between(-3, 3),
  dy: j * rng.between(-3, 3),
  wobble: [j * rng.between(0, 0.06), rng.between(0.4, 1.4), rng.uniform(), j * rng.between(0, 0.06), rng.between(0.4, 1.4), rng.uniform()],
  width: rng.between(strokeWidth[0], strokeWidth[1]),
  ink: rng.between(ink[0], ink[1]),
});

/** Glyph polylines, flattened once. */
const FLAT: readonly (readonly Float64Array[][])[] = DIGIT_GLYPHS.map((variants) => variants.map((g: Glyph) => g.map((s) => flattenStroke(s, 0.08))));

/**
 * Renders one stroke glyph into a 28 × 28 ink buffer: glyph units scaled to `height` pixels (width
 * × `aspect`), sheared, rotated, centred at (14 + dx, 14 + dy), wobbled, and drawn with an
 * anti-aliased pen of the style's width. `dist` is scratch space of 28 × 28.
 */
export const renderItem = (strokes: readonly Float64Array[], style: ItemStyle, out: Float32Array, dist: Float32Array): void => {
  const m = glyphAffine(style.height * style.aspect, style.height, style.shear, style.rotation, ITEM_SIZE / 2 + style.dx, ITEM_SIZE / 2 + style.dy);
  const [ax, fx, px, ay, fy, py] = style.wobble;
  const warp = { ax, fx, px, ay, fy, py };
  const radius = style.width / 2;
  dist.fill(Number.POSITIVE_INFINITY);
  for (const s of strokes) strokeDistance(dist, ITEM_SIZE, transform(s, warp, m), radius + 1);
  inkFromDistance(dist, radius, 1.2, style.ink, out);
};

/** Checks the options shared by the procedural two-item generators. */
export const checkComposeOptions = (o: MultiDigitsOptions): E.Either<MtlError, ComposeOptions> => {
  const offset = o.offset ?? MULTI_MNIST_OFFSET;
  const noise = o.noise ?? 0.1;
  const jitter = o.jitter ?? 1;
  const strokeWidth = o.strokeWidth ?? [1.6, 3.8];
  const ink = o.ink ?? [0.5, 1];
  if (!Number.isInteger(o.count) || o.count < 1) return E.left(invalidArgument(`count must be a positive integer, got ${o.count}.`));
  if (!Number.isInteger(offset) || offset < 0 || offset > ITEM_SIZE) return E.left(invalidArgument(`offset must be an integer in 0..${ITEM_SIZE}, got ${offset}.`));
  if (!(noise >= 0) || !Number.isFinite(noise)) return E.left(invalidArgument(`noise must be a finite non-negative standard deviation, got ${noise}.`));
  if (!(jitter >= 0) || !Number.isFinite(jitter)) return E.left(invalidArgument(`jitter must be a finite non-negative factor, got ${jitter}.`));
  if (strokeWidth.length !== 2 || !(strokeWidth[0] > 0) || !(strokeWidth[1] >= strokeWidth[0]) || !Number.isFinite(strokeWidth[1]))
    return E.left(invalidArgument(`strokeWidth must be a range [low, high] of pixels with 0 < low ≤ high, got [${strokeWidth.join(', ')}].`));
  if (ink.length !== 2 || !(ink[0] > 0) || !(ink[1] >= ink[0]) || !(ink[1] <= 1))
    return E.left(invalidArgument(`ink must be a range [low, high] with 0 < low ≤ high ≤ 1, got [${ink.join(', ')}].`));
  return E.right({ count: o.count, offset, noise, jitter, strokeWidth, ink });
};

/**
 * Composes `count` two-item images: per image, two labels uniform over the 10 classes, each item
 * drawn into 28 × 28 by `draw(label, rng, out)`, placed top-left and bottom-right with a pixel-wise
 * maximum (the Multi-MNIST protocol, see `MULTI_MNIST_OFFSET`), plus Gaussian noise clipped to [0, 1].
 */
export const composeProcedural = (
  key: Key,
  o: ComposeOptions,
  draw: (label: number, rng: RandomStream, out: Float32Array) => void,
  names: readonly [string, string] = ['top-left', 'bottom-right'],
): ImageDataset => {
  const side = ITEM_SIZE + o.offset;
  const images = new Float32Array(o.count * side * side);
  const left = new Int32Array(o.count);
  const right = new Int32Array(o.count);
  const item = new Float32Array(ITEM_SIZE * ITEM_SIZE);
  const noise = new Float32Array(side * side);
  for (let i = 0; i < o.count; i++) {
    const rng = randomStream(Key.foldIn(key, i));
    const canvas = images.subarray(i * side * side, (i + 1) * side * side);
    left[i] = rng.int(10);
    right[i] = rng.int(10);
    draw(left[i]!, rng, item);
    placeMax(canvas, side, item, ITEM_SIZE, ITEM_SIZE, 0, 0);
    draw(right[i]!, rng, item);
    placeMax(canvas, side, item, ITEM_SIZE, ITEM_SIZE, o.offset, o.offset);
    if (o.noise > 0) {
      rng.fillNormalFast(noise);
      for (let k = 0; k < canvas.length; k++) {
        const v = canvas[k]! + o.noise * noise[k]!;
        canvas[k] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
  }
  return imageDataset(images, [o.count, side, side, 1], [left, right], names);
};

/**
 * multi-digits: a procedurally rendered Multi-MNIST-like two-task benchmark that needs no
 * download. Digits 0–9 are drawn from hand-made stroke glyphs (`DIGIT_GLYPHS`, 2–3 ways of writing
 * each) with seeded random affine jitter (rotation ±15°, shear ±0.35, height 15–21 px, aspect
 * ±22 %, translation ±3 px), a smooth wobble of the pen path, a random stroke width (1.6–3.8 px)
 * and ink level (0.5–1), rendered with anti-aliasing to 28 × 28, composed two per 36 × 36 image as
 * in Multi-MNIST (top-left and bottom-right, overlapping, pixel-wise max; Sener & Koltun 2018,
 * Sabour et al. 2017) and noised (σ 0.1, clipped to [0, 1]).
 * Task 1 = top-left digit, task 2 = bottom-right digit. Deterministic for a key. Images
 * N × 36 × 36 × 1 float32 in [0, 1]; labels int32.
 */
export const multiDigits = (options: MultiDigitsOptions): E.Either<MtlError, ImageDataset> =>
  E.map((o: ComposeOptions) => {
    const dist = new Float32Array(ITEM_SIZE * ITEM_SIZE);
    return composeProcedural(options.key, o, (label, rng, out) => {
      const variants = FLAT[label]!;
      const style = drawStyle(rng, variants.length, o.jitter, o.strokeWidth, o.ink);
      renderItem(variants[style.variant]!, style, out, dist);
    });
  })(checkComposeOptions(options));
