import { tf } from '@mtlkit/core';

/** Bytes <-> base64 with the platform's btoa/atob (Node ≥ 16 and browsers). */
export const toBase64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
export const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export interface TensorJson {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  /** The little-endian bytes of the values, base64: an exact round trip. */
  readonly data: string;
}

export const tensorToJson = (t: tf.Tensor): TensorJson => {
  const values = t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  return { shape: [...t.shape], dtype: t.dtype === 'int32' ? 'int32' : 'float32', data: toBase64(new Uint8Array(values.buffer)) };
};

export const tensorFromJson = (j: TensorJson): tf.Tensor => {
  const bytes = fromBase64(j.data);
  const values = j.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
  return tf.tensor(values, [...j.shape], j.dtype);
};

/**
 * Any state made of plain data, typed arrays and tensors, as JSON that round-trips exactly:
 * typed arrays and tensors become tagged objects ({ "$f64": base64 }, { "$tensor": ... }), and
 * non-finite numbers { "$num": "NaN" }.
 */
export const toJsonValue = (v: unknown): unknown => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof tf.Tensor) return { $tensor: tensorToJson(v) };
  if (v instanceof Float64Array) return { $f64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (v instanceof Float32Array) return { $f32: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (v instanceof Int32Array) return { $i32: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(toJsonValue);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
};

/** The inverse of `toJsonValue`; tensors it creates belong to the caller. */
export const fromJsonValue = (v: unknown): unknown => {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromJsonValue);
  const o = v as Record<string, unknown>;
  if (typeof o['$num'] === 'string') return Number(o['$num']);
  if (typeof o['$f64'] === 'string') return new Float64Array(fromBase64(o['$f64']).buffer);
  if (typeof o['$f32'] === 'string') return new Float32Array(fromBase64(o['$f32']).buffer);
  if (typeof o['$i32'] === 'string') return new Int32Array(fromBase64(o['$i32']).buffer);
  if (o['$tensor'] !== undefined) return tensorFromJson(o['$tensor'] as TensorJson);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromJsonValue(x)]));
};
