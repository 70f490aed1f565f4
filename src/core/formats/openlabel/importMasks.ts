/**
 * OpenLABEL object data → a Crosslabel mask (COCO RLE). Two encodings are read:
 * - `image` with `mime_type: "image/png"` and `encoding: "base64"` (what the exporter writes, and
 *   what the spec recommends for masks): the PNG is decoded (png/decode.ts states which pixels are
 *   inside for each colour type) and run-length encoded; counts become the COCO compressed string
 *   unless the text attribute `rle_counts` is `"array"`.
 * - `binary` with `data_type` `coco_rle` or `rle` (any case): `val` is a COCO compressed counts
 *   string (plain, or base64 of it when `encoding` is `base64`), the size a vec attribute
 *   `size` [h, w] or num attributes `height` and `width`; counts are kept as written (a list when
 *   `rle_counts` is `"array"`).
 * Anything else (an image URI, a JPEG, other binary payloads) is skipped with the reason.
 * Malformed payloads throw OpenLabelPathError at `<path>.val` (or `<path>.attributes`).
 */
import type { Mask } from '../../schema';
import { rleDecode, rleEncode, rleFromString, rleToString } from '../coco/rle';
import { base64ToBytes, decodeMaskPng } from '../png';
import { OpenLabelPathError } from './geometry';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const lower = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : '');
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The first attribute of `type` called `name` in an item's attributes block. */
function attr(item: Rec, type: 'text' | 'num' | 'vec', name: string): unknown {
  const list = isRec(item.attributes) ? item.attributes[type] : undefined;
  if (!Array.isArray(list)) return undefined;
  return (list.find((x) => isRec(x) && x.name === name) as Rec | undefined)?.val;
}

export type MaskFromItem = { rle: Mask['rle']; consumed: string[] } | { skip: string };

/**
 * Read an `image` or `binary` item as a mask. `consumed` names the scalar attributes that described
 * the encoding (not user attributes): the caller removes them from the annotation's attributes.
 */
export function maskFromItem(dtype: 'image' | 'binary', item: Rec, path: string): MaskFromItem {
  const asArray = attr(item, 'text', 'rle_counts') === 'array';
  const consumed = attr(item, 'text', 'rle_counts') !== undefined ? ['rle_counts'] : [];
  const encoding = lower(item.encoding);
  if (typeof item.val !== 'string') throw new OpenLabelPathError(`${path}.val`, `${dtype} data must be a string`);
  if (dtype === 'image') {
    const mime = lower(item.mime_type);
    if (mime !== 'image/png' || encoding !== 'base64') return { skip: `image object data that is not an embedded base64 PNG (mime_type ${JSON.stringify(item.mime_type)}, encoding ${JSON.stringify(item.encoding)})` };
    let png: ReturnType<typeof decodeMaskPng>;
    try {
      png = decodeMaskPng(base64ToBytes(item.val));
    } catch (e) {
      throw new OpenLabelPathError(`${path}.val`, `the mask image cannot be read: ${message(e)}`);
    }
    const { counts } = rleEncode(png.mask, png.height, png.width);
    return { rle: { size: [png.height, png.width], counts: asArray ? counts : rleToString(counts) }, consumed };
  }
  const dataType = lower(item.data_type);
  if (dataType !== 'coco_rle' && dataType !== 'rle') return { skip: `binary object data of data_type ${JSON.stringify(item.data_type)} (only coco_rle masks are read)` };
  let text = item.val;
  if (encoding === 'base64') {
    try {
      text = new TextDecoder().decode(base64ToBytes(item.val));
    } catch (e) {
      throw new OpenLabelPathError(`${path}.val`, `the RLE payload cannot be read: ${message(e)}`);
    }
  }
  const isDim = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const vec = attr(item, 'vec', 'size');
  let size: [number, number];
  if (Array.isArray(vec) && vec.length === 2 && vec.every(isDim)) size = [vec[0], vec[1]];
  else {
    const h = attr(item, 'num', 'height');
    const w = attr(item, 'num', 'width');
    if (!isDim(h) || !isDim(w)) throw new OpenLabelPathError(`${path}.attributes`, 'a coco_rle binary needs its size: a vec attribute "size" [h, w] or num attributes "height" and "width" (non-negative integers)');
    size = [h, w];
    consumed.push('height', 'width');
  }
  let counts: number[];
  try {
    counts = rleFromString(text);
    rleDecode({ size, counts });
  } catch (e) {
    throw new OpenLabelPathError(`${path}.val`, `not COCO RLE counts for size [${size.join(', ')}]: ${message(e)}`);
  }
  return { rle: { size, counts: asArray ? counts : text }, consumed };
}
