// SVG → PNG for the digest chart, without a browser: resvg (Rust, prebuilt per platform as npm
// packages) renders our own SVG. Labels need a font: system fonts are loaded and DejaVu Sans (Debian's
// fonts-dejavu-core) is preferred, falling back to any sans-serif present.
import { Resvg } from '@resvg/resvg-js';

export function rasterizeSvg(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return new Uint8Array(r.render().asPng());
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), or null if it is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) return null;
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') return null;
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
