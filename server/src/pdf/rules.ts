/**
 * Ruling lines of a page from pdf.js's operator list: the horizontal and vertical strokes (and
 * thin filled rectangles, and the edges of cell boxes) that draw a table's grid, in the same
 * top-down page coordinates as the text items.
 */

/** A horizontal (y1 === y2) or vertical (x1 === x2) segment, x1 <= x2, y1 <= y2. */
export interface Rule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The pdf.js operator numbers used here (stable across pdf.js 2–4: `OPS` in pdf.js). */
export interface OpsTable {
  save: number;
  restore: number;
  transform: number;
  moveTo: number;
  lineTo: number;
  curveTo: number;
  curveTo2: number;
  curveTo3: number;
  closePath: number;
  rectangle: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  endPath: number;
  constructPath: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
}

type Matrix = number[];

function mul(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

/** A thin rectangle (this thick at most) is a line. */
const THIN = 2.5;
/** How far from horizontal / vertical a segment may lean. */
const SKEW = 1;
/** At most this many rules per page (a page of vector art is not a table). */
const MAX_RULES = 20000;

/**
 * The rules of a page. `viewport` maps PDF user space to top-down page space (pdf.js's
 * viewport.transform at scale 1).
 */
export function extractRules(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, OPS: OpsTable, viewport: Matrix): Rule[] {
  const rules: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let pending: Rule[] = [];
  const add = (ax: number, ay: number, bx: number, by: number, into: Rule[]) => {
    const m = mul(viewport, ctm);
    const x1 = m[0] * ax + m[2] * ay + m[4];
    const y1 = m[1] * ax + m[3] * ay + m[5];
    const x2 = m[0] * bx + m[2] * by + m[4];
    const y2 = m[1] * bx + m[3] * by + m[5];
    if (!Number.isFinite(x1 + y1 + x2 + y2)) return;
    if (Math.abs(y1 - y2) <= SKEW && Math.abs(x1 - x2) > SKEW) {
      const y = (y1 + y2) / 2;
      into.push({ x1: Math.min(x1, x2), y1: y, x2: Math.max(x1, x2), y2: y });
    } else if (Math.abs(x1 - x2) <= SKEW && Math.abs(y1 - y2) > SKEW) {
      const x = (x1 + x2) / 2;
      into.push({ x1: x, y1: Math.min(y1, y2), x2: x, y2: Math.max(y1, y2) });
    }
  };
  const rect = (x: number, y: number, w: number, h: number, into: Rule[]) => {
    // a thin rectangle in device space is a line; a box gives its four edges
    const m = mul(viewport, ctm);
    const dw = Math.hypot(m[0] * w, m[1] * w);
    const dh = Math.hypot(m[2] * h, m[3] * h);
    if (dw <= THIN && dh > THIN) add(x + w / 2, y, x + w / 2, y + h, into);
    else if (dh <= THIN && dw > THIN) add(x, y + h / 2, x + w, y + h / 2, into);
    else if (dw > THIN && dh > THIN) {
      add(x, y, x + w, y, into);
      add(x, y + h, x + w, y + h, into);
      add(x, y, x, y + h, into);
      add(x + w, y, x + w, y + h, into);
    }
  };
  for (let i = 0; i < fnArray.length && rules.length < MAX_RULES; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = mul(ctm, args as number[]);
    else if (fn === OPS.paintFormXObjectBegin && args) {
      stack.push(ctm);
      if (Array.isArray(args[0]) && (args[0] as number[]).length === 6) ctm = mul(ctm, args[0] as number[]);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && args) {
      const ops = args[0] as number[];
      const coords = args[1] as number[];
      let j = 0;
      let cx = 0;
      let cy = 0;
      let sx = 0;
      let sy = 0;
      for (let k = 0; k < ops.length; k++) {
        const op = ops[k];
        if (op === OPS.rectangle) {
          rect(coords[j], coords[j + 1], coords[j + 2], coords[j + 3], pending);
          cx = sx = coords[j];
          cy = sy = coords[j + 1];
          j += 4;
        } else if (op === OPS.moveTo) {
          cx = sx = coords[j++];
          cy = sy = coords[j++];
        } else if (op === OPS.lineTo) {
          const x = coords[j++];
          const y = coords[j++];
          add(cx, cy, x, y, pending);
          cx = x;
          cy = y;
        } else if (op === OPS.curveTo) {
          j += 4;
          cx = coords[j++];
          cy = coords[j++];
        } else if (op === OPS.curveTo2 || op === OPS.curveTo3) {
          j += 2;
          cx = coords[j++];
          cy = coords[j++];
        } else if (op === OPS.closePath) {
          add(cx, cy, sx, sy, pending);
          cx = sx;
          cy = sy;
        }
      }
    } else if (
      fn === OPS.stroke ||
      fn === OPS.closeStroke ||
      fn === OPS.fill ||
      fn === OPS.eoFill ||
      fn === OPS.fillStroke ||
      fn === OPS.eoFillStroke ||
      fn === OPS.closeFillStroke ||
      fn === OPS.closeEOFillStroke
    ) {
      for (const r of pending) rules.push(r);
      pending = [];
    } else if (fn === OPS.endPath) pending = [];
  }
  return rules;
}
