import type { RandomStream } from './fast-random.js';

/** The ten classes of Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), in its label order. */
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/**
 * A clothing silhouette in unit coordinates (x, y ∈ [−0.5, 0.5], y down): filled polygons, and
 * detail strokes drawn over them — dark ones (seams, openings, collars) or bright ones (straps,
 * handles).
 */
export interface Silhouette {
  readonly fills: readonly number[][];
  readonly details: readonly { readonly points: number[]; readonly width: number; readonly dark: boolean }[];
  /** Whether the item may be mirrored left-right (shoes and bags face either way). */
  readonly flips: boolean;
}

/** A polygon from its left half (x ≤ 0, top to bottom), mirrored to the right. */
const mirrored = (left: number[]): number[] => {
  const right: number[] = [];
  for (let i = left.length - 2; i >= 0; i -= 2) right.push(-left[i]!, left[i + 1]!);
  return [...left, ...right];
};

/** Upper body garments: shoulders, sleeves (short or long), body down to the hem; neck dip in the middle. */
const top = (r: RandomStream, sleeve: 'short' | 'long', hem: number, width: number): number[] => {
  const bw = width;
  const sw = bw + r.between(0.02, 0.06);
  const nw = r.between(0.08, 0.13);
  const armpit = r.between(-0.2, -0.1);
  const y0 = -0.45;
  const left =
    sleeve === 'short'
      ? (() => {
          const sl = r.between(0.1, 0.2);
          return [-nw, y0, -sw, y0 + 0.04, -sw - sl, y0 + 0.04 + sl * 1.3, -sw - sl + 0.11, y0 + 0.1 + sl * 1.3, -bw, armpit, -bw, hem];
        })()
      : (() => {
          const cuff = r.between(0.3, 0.45);
          const sx = -bw - r.between(0.14, 0.2);
          return [-nw, y0, -sw, y0 + 0.04, sx - 0.02, cuff, sx + 0.12, cuff + 0.03, -bw, armpit + 0.05, -bw, hem];
        })();
  const poly = mirrored(left);
  poly.push(0, y0 + r.between(0.04, 0.12)); // the neck dip closes the polygon
  return poly;
};

const line = (...pts: number[]) => pts;

/** A random silhouette of class `label` (0–9, Fashion-MNIST order), hand-designed for mtlkit. */
export const fashionSilhouette = (label: number, r: RandomStream): Silhouette => {
  switch (label) {
    case 0: // T-shirt/top
      return { fills: [top(r, 'short', 0.45, r.between(0.22, 0.3))], details: [], flips: false };
    case 1: {
      // Trouser
      const ww = r.between(0.16, 0.24);
      const flare = r.between(-0.03, 0.06);
      const gap = r.between(0.015, 0.05);
      const crotch = r.between(-0.2, -0.02);
      return {
        fills: [[-ww, -0.47, ww, -0.47, ww + flare, 0.47, gap, 0.47, 0, crotch, -gap, 0.47, -ww - flare, 0.47]],
        details: r.uniform() < 0.5 ? [{ points: line(-ww, -0.4, ww, -0.4), width: 1, dark: true }] : [],
        flips: false,
      };
    }
    case 2: // Pullover
      return { fills: [top(r, 'long', 0.45, r.between(0.22, 0.28))], details: [], flips: false };
    case 3: {
      // Dress
      const tw = r.between(0.09, 0.15);
      const waist = r.between(-0.18, 0);
      const hw = r.between(0.22, 0.42);
      const fills = [[-tw, -0.45, tw, -0.45, tw * 0.85, waist, hw, 0.47, -hw, 0.47, -tw * 0.85, waist]];
      return { fills, details: r.uniform() < 0.4 ? [{ points: line(-tw * 0.85, waist, tw * 0.85, waist), width: 1, dark: true }] : [], flips: false };
    }
    case 4: {
      // Coat: long sleeves, long body, an opening down the middle, lapels
      const body = top(r, 'long', 0.48, r.between(0.25, 0.31));
      const lap = r.between(-0.1, 0.05);
      return {
        fills: [body],
        details: [
          { points: line(0, -0.38, 0, 0.48), width: r.between(0.8, 1.4), dark: true },
          { points: line(-0.12, -0.44, 0, lap, 0.12, -0.44), width: 1, dark: true },
        ],
        flips: false,
      };
    }
    case 5: {
      // Sandal: a thin sole and a few straps
      const h = r.between(0.0, 0.12);
      const sole = [-0.46, 0.14 + h, 0.46, 0.06 + h, 0.46, 0.15 + h, -0.46, 0.22 + h];
      const straps = Array.from({ length: 2 + r.int(3) }, (_, i) => {
        const x = -0.3 + i * r.between(0.16, 0.24);
        const top = r.between(-0.25, 0);
        return { points: line(x - 0.08, 0.15 + h, x, top, x + 0.1, 0.12 + h), width: r.between(1.2, 2.2), dark: false };
      });
      return { fills: [sole], details: straps, flips: true };
    }
    case 6: {
      // Shirt: a top with a collar and a button placket (short or long sleeves)
      const body = top(r, r.uniform() < 0.5 ? 'short' : 'long', 0.45, r.between(0.22, 0.29));
      return {
        fills: [body],
        details: [
          { points: line(-0.1, -0.45, 0, -0.34, 0.1, -0.45), width: 1.2, dark: true },
          { points: line(0, -0.34, 0, 0.45), width: 0.8, dark: true },
        ],
        flips: false,
      };
    }
    case 7: {
      // Sneaker: a low profile with a sole stripe and laces
      const collar = r.between(-0.3, -0.15);
      const toe = r.between(-0.02, 0.1);
      return {
        fills: [[-0.46, 0.2, -0.46, -0.02, -0.28, collar + 0.06, -0.05, collar, 0.15, collar + 0.05, 0.34, toe - 0.04, 0.47, toe + 0.06, 0.47, 0.2]],
        details: [
          { points: line(-0.46, 0.13, 0.47, 0.13), width: r.between(0.8, 1.5), dark: true },
          { points: line(-0.02, collar + 0.06, 0.2, collar + 0.16), width: 1, dark: true },
        ],
        flips: true,
      };
    }
    case 8: {
      // Bag: a trapezoid body and (usually) a handle
      const w = r.between(0.3, 0.45);
      const topY = r.between(-0.2, 0.05);
      const handle = r.uniform() < 0.75;
      const hy = topY - r.between(0.15, 0.3);
      return {
        fills: [[-w * 0.9, topY, w * 0.9, topY, w, 0.45, -w, 0.45]],
        details: handle ? [{ points: line(-w * 0.5, topY, -w * 0.35, hy, w * 0.35, hy, w * 0.5, topY), width: r.between(1.3, 2.4), dark: false }] : [],
        flips: true,
      };
    }
    default: {
      // Ankle boot: a shaft, a foot and a heel
      const shaft = r.between(-0.47, -0.3);
      const ankle = r.between(0.12, 0.2);
      const toe = r.between(0.05, 0.15);
      return {
        fills: [[-0.34, shaft, ankle - 0.1, shaft, ankle - 0.06, toe - 0.1, 0.46, toe, 0.47, 0.33, -0.1, 0.33, -0.16, 0.26, -0.36, 0.33]],
        details: [{ points: line(-0.36, 0.26, 0.47, 0.26), width: 1, dark: true }],
        flips: true,
      };
    }
  }
};
