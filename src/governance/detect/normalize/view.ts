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

/** Builds a view piece by piece; pieces carry their original offsets with them. */
export class ViewBuilder {
  private parts: string[] = [];
  private viewStart: number[] = [];
  private origStart: number[] = [];
  private origEnd: number[] = [];
  private length = 0;

  private push(origStart: number, origEnd: number, count: number): void {
    const last = this.viewStart.length - 1;
    // Extend the previous copied segment when this one continues it.
    if (
      origEnd < 0 &&
      last >= 0 &&
      this.origEnd[last]! < 0 &&
      this.origStart[last]! + (this.length - this.viewStart[last]!) === origStart
    ) {
      this.length += count;
      return;
    }
    this.viewStart.push(this.length);
    this.origStart.push(origStart);
    this.origEnd.push(origEnd);
    this.length += count;
  }

  /** Appends `source.text[from, to)` keeping its own mapping to the original. */
  copy(source: TextView, from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(source.text.slice(from, to));
    const map = source.map;
    if (!map) {
      this.push(from, -1, to - from);
      return;
    }
    for (let k = segmentAt(map, from); k < map.count && map.viewStart[k]! < to; k++) {
      const segStart = map.viewStart[k]!;
      const segEnd = k + 1 < map.count ? map.viewStart[k + 1]! : map.length;
      const a = Math.max(from, segStart);
      const b = Math.min(to, segEnd);
      if (b <= a) continue;
      const end = map.origEnd[k]!;
      if (end >= 0) this.push(map.origStart[k]!, end, b - a);
      else this.push(map.origStart[k]! + (a - segStart), -1, b - a);
    }
  }

  /** Appends replacement text that stands for the original range [origStart, origEnd). */
  replace(text: string, origStart: number, origEnd: number): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.push(origStart, origEnd, text.length);
  }

  build(): TextView {
    return {
      text: this.parts.join(''),
      map: {
        viewStart: Int32Array.from(this.viewStart),
        origStart: Int32Array.from(this.origStart),
        origEnd: Int32Array.from(this.origEnd),
        count: this.viewStart.length,
        length: this.length,
      },
    };
  }
}
