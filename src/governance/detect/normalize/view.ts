// A view is the text the detectors scan plus, when it differs from the original, where each of its
// UTF-16 code units came from. Findings are computed on views and mapped back through `toOriginal`,
// so a span always slices the ORIGINAL text even after characters were removed, folded or joined.
//
// The map is a list of segments rather than one entry per code unit: a message with one emoji
// costs three segments, not two arrays as long as the message.

export interface TextView {
  readonly text: string;
  /** Where each part of `text` came from; null when `text` is the original itself. */
  readonly map: SegmentMap | null;
}

/**
 * Parallel arrays, one entry per segment, ordered by `viewStart`. A copied segment maps view
 * offset v to original offset `origStart + (v - viewStart)`; a replaced segment maps every unit
 * to the whole original range [origStart, origEnd).
 */
export interface SegmentMap {
  readonly viewStart: Int32Array;
  readonly origStart: Int32Array;
  /** -1 for copied segments; the original end for replaced ones. */
  readonly origEnd: Int32Array;
  readonly count: number;
  readonly length: number;
}

export const identityView = (text: string): TextView => ({ text, map: null });

function segmentAt(map: SegmentMap, v: number): number {
  let lo = 0;
  let hi = map.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.viewStart[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Original [start, end) of the view code unit at `v`. */
function unitRange(map: SegmentMap, v: number): [number, number] {
  const k = segmentAt(map, v);
  const o = map.origStart[k]!;
  const end = map.origEnd[k]!;
  if (end >= 0) return [o, end];
  const at = o + (v - map.viewStart[k]!);
  return [at, at + 1];
}

/** Maps a [start, end) span of `view.text` to the original text. */
export function toOriginal(view: TextView, start: number, end: number): [number, number] {
  const map = view.map;
  if (!map) return [start, end];
  if (map.length === 0) return [0, 0];
  const s = start < map.length ? unitRange(map, start)[0] : unitRange(map, map.length - 1)[1];
  if (end <= start) return [s, s];
  const e = unitRange(map, Math.min(end, map.length) - 1)[1];
  return [s, Math.max(s, e)];
}

/**
 * Builds a view piece by piece; pieces carry their original offsets with them. Text is written
 * as UTF-16 code units into a growing buffer and decoded once at the end, so a text with half a
 * million removed characters does not allocate half a million small strings.
 */
export class ViewBuilder {
  private units = new Uint16Array(256);
  private viewStart = new Int32Array(64);
  private origStart = new Int32Array(64);
  private origEnd = new Int32Array(64);
  private count = 0;
  private length = 0;

  private push(origStart: number, origEnd: number, units: number): void {
    const last = this.count - 1;
    // Extend the previous copied segment when this one continues it.
    if (
      origEnd < 0 &&
      last >= 0 &&
      this.origEnd[last]! < 0 &&
      this.origStart[last]! + (this.length - this.viewStart[last]!) === origStart
    ) {
      this.length += units;
      return;
    }
    if (this.count === this.viewStart.length) {
      this.viewStart = grow(this.viewStart, this.count * 2);
      this.origStart = grow(this.origStart, this.count * 2);
      this.origEnd = grow(this.origEnd, this.count * 2);
    }
    this.viewStart[this.count] = this.length;
    this.origStart[this.count] = origStart;
    this.origEnd[this.count] = origEnd;
    this.count++;
    this.length += units;
  }

  /** Writes text[from, to) at the current end (before push() advances `length`). */
  private write(text: string, from: number, to: number): void {
    const need = this.length + (to - from);
    if (need > this.units.length) {
      let size = this.units.length * 2;
      while (size < need) size *= 2;
      const grown = new Uint16Array(size);
      grown.set(this.units.subarray(0, this.length));
      this.units = grown;
    }
    const units = this.units;
    for (let i = from, k = this.length; i < to; i++, k++) units[k] = text.charCodeAt(i);
  }

  /** Appends `source.text[from, to)` keeping its own mapping to the original. */
  copy(source: TextView, from: number, to: number): void {
    if (to <= from) return;
    const map = source.map;
    if (!map) {
      this.write(source.text, from, to);
      this.push(from, -1, to - from);
      return;
    }
    for (let k = segmentAt(map, from); k < map.count && map.viewStart[k]! < to; k++) {
      const segStart = map.viewStart[k]!;
      const segEnd = k + 1 < map.count ? map.viewStart[k + 1]! : map.length;
      const a = Math.max(from, segStart);
      const b = Math.min(to, segEnd);
      if (b <= a) continue;
      this.write(source.text, a, b);
      const end = map.origEnd[k]!;
      if (end >= 0) this.push(map.origStart[k]!, end, b - a);
      else this.push(map.origStart[k]! + (a - segStart), -1, b - a);
    }
  }

  /** Appends text[from, to) of some string standing unit for unit for the original at `origStart`. */
  same(text: string, from: number, to: number, origStart: number): void {
    if (to <= from) return;
    this.write(text, from, to);
    this.push(origStart, -1, to - from);
  }

  /** Appends replacement text that stands for the original range [origStart, origEnd). */
  replace(text: string, origStart: number, origEnd: number): void {
    if (text.length === 0) return;
    this.write(text, 0, text.length);
    this.push(origStart, origEnd, text.length);
  }

  build(): TextView {
    const bytes = Buffer.from(this.units.buffer, this.units.byteOffset, this.length * 2);
    return {
      text: bytes.toString('utf16le'),
      map: {
        viewStart: this.viewStart.subarray(0, this.count),
        origStart: this.origStart.subarray(0, this.count),
        origEnd: this.origEnd.subarray(0, this.count),
        count: this.count,
        length: this.length,
      },
    };
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
