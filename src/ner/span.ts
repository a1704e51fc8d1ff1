/**
 * An entity found in a text. Offsets are UTF-16 code-unit indices into the original string (JavaScript
 * string indices, the convention PubTator uses for its offsets), `end` exclusive, so
 * `text === original.slice(start, end)` always holds, also around characters outside the BMP.
 */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
  text: string;
  /** Mean probability of the span's word labels, 0..1. */
  score: number;
}
