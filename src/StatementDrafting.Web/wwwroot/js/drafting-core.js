// drafting-core.js: the statement editor's logic, with no DOM and no globals (see docs/editor.md).
//
// Part 1: text operations in the protocol's compact form: a positive integer n keeps n code units, a string inserts
//         it, a negative integer -n deletes n code units. Normalised like the server's: adjacent components merged,
//         no empty ones, an insert before a delete at the same place.
// Part 2: the block document and its operations (docs/protocol.md), applied and validated as the server does.
// Part 3: the server's transformation of one operation over another, ported from the C# domain (EditTransform,
//         BlockTransformer) so that the client carries its outbox over others' changes exactly as the server would.
//         Every rule here has its twin there; change both together (BlockTransformDifferentialTests compares them).
// Part 4: DraftingClient: confirmed / outbox / local, text mode and structural mode, rebuild, refusals, undo and redo,
//         reports of text that could not be applied, and saving to / restoring from JSON.

export const MAX_TEXT_LENGTH = 20000;
export const MAX_BLOCKS = 1000;
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** An edit that does not fit the document; `code` is the protocol's error code (e.g. `unknown_block`). */
export class EditError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function fail(code, message) {
  throw new EditError(code, message);
}

// ---------------------------------------------------------------------------------------------------------------
// Part 1: text operations
// ---------------------------------------------------------------------------------------------------------------

const isInsert = (c) => typeof c === 'string';
const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const size = (c) => (isInsert(c) ? c.length : Math.abs(c));
const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

/** True when a cut of `text` at `index` would fall between the two halves of a surrogate pair. */
function splitsPair(text, index) {
  return index > 0 && index < text.length && isHigh(text.charCodeAt(index - 1)) && isLow(text.charCodeAt(index));
}

/** Collects components into a normalised operation (`.ops`). */
function builder() {
  const ops = [];
  const b = {
    ops,
    retain(n) {
      if (n > 0) {
        const last = ops.length - 1;
        if (last >= 0 && isRetain(ops[last])) ops[last] += n;
        else ops.push(n);
      }
      return b;
    },
    insert(s) {
      if (s.length > 0) {
        const last = ops.length - 1;
        if (last >= 0 && isInsert(ops[last])) ops[last] += s;
        else if (last >= 0 && isDelete(ops[last])) {
          if (last >= 1 && isInsert(ops[last - 1])) ops[last - 1] += s;
          else ops.splice(last, 0, s);
        } else ops.push(s);
      }
      return b;
    },
    delete(n) {
      if (n > 0) {
        const last = ops.length - 1;
        if (last >= 0 && isDelete(ops[last])) ops[last] -= n;
        else ops.push(-n);
      }
      return b;
    },
    add(c) {
      return isInsert(c) ? b.insert(c) : c > 0 ? b.retain(c) : b.delete(-c);
    },
  };
  return b;
}

/** Walks an operation, consuming components whole or in parts. */
function cursor(ops) {
  let i = 0;
  const c = {
    cur: ops[0],
    done: () => i >= ops.length,
    next() {
      i += 1;
      c.cur = ops[i];
    },
    skip(n) {
      const k = size(c.cur);
      if (n < k) c.cur = isInsert(c.cur) ? c.cur.slice(n) : c.cur > 0 ? c.cur - n : c.cur + n;
      else c.next();
    },
  };
  return c;
}

/** Checks the compact form and returns it normalised; throws `malformed` otherwise. */
export function normalize(ops) {
  if (!Array.isArray(ops)) fail('malformed', 'A text operation must be an array.');
  const b = builder();
  for (const c of ops) {
    const ok = (typeof c === 'string' && c.length > 0) || (Number.isInteger(c) && c !== 0);
    if (!ok) fail('malformed', 'A text operation holds non-zero integers and non-empty strings only.');
    b.add(c);
  }
  return b.ops;
}

/** The length of the text the operation applies to. */
export function baseLength(ops) {
  let n = 0;
  for (const c of ops) if (!isInsert(c)) n += Math.abs(c);
  return n;
}

/** The length of the text the operation produces. */
export function targetLength(ops) {
  let n = 0;
  for (const c of ops) if (!isDelete(c)) n += size(c);
  return n;
}

/** True when the operation changes nothing. */
export function isIdentity(ops) {
  return ops.every(isRetain);
}

/** Everything the operation inserts, in order. */
export function insertedText(ops) {
  return ops.filter(isInsert).join('');
}

/** Applies the operation to `text`; throws `out_of_range` if it does not cover the text or would split a pair. */
export function apply(ops, text) {
  if (baseLength(ops) !== text.length) {
    fail('out_of_range', `The operation covers ${baseLength(ops)} characters; the text holds ${text.length}.`);
  }
  const parts = [];
  let index = 0;
  for (const c of ops) {
    if (isInsert(c)) {
      parts.push(c);
      continue;
    }
    const n = Math.abs(c);
    if (c > 0) parts.push(text.slice(index, index + n));
    index += n;
    if (splitsPair(text, index)) fail('out_of_range', `The operation would split a character at ${index}.`);
  }
  return parts.join('');
}

/** The operation that undoes `ops`, given the text `ops` applies to. */
export function invert(ops, text) {
  const b = builder();
  let index = 0;
  for (const c of ops) {
    if (isInsert(c)) b.delete(c.length);
    else if (c > 0) {
      b.retain(c);
      index += c;
    } else {
      b.insert(text.slice(index, index - c));
      index -= c;
    }
  }
  return b.ops;
}

/** One operation with the effect of `a` then `b`. */
export function compose(a, b) {
  if (targetLength(a) !== baseLength(b)) {
    fail('out_of_range', `Cannot compose: the first produces ${targetLength(a)} characters, the second applies to ${baseLength(b)}.`);
  }
  const out = builder();
  const x = cursor(a);
  const y = cursor(b);
  while (!x.done() || !y.done()) {
    if (!x.done() && isDelete(x.cur)) {
      out.add(x.cur);
      x.next();
    } else if (!y.done() && isInsert(y.cur)) {
      out.insert(y.cur);
      y.next();
    } else {
      const n = Math.min(size(x.cur), size(y.cur));
      if (isRetain(x.cur)) out.add(isRetain(y.cur) ? n : -n);
      else if (isRetain(y.cur)) out.insert(x.cur.slice(0, n)); // an insert kept; an insert deleted never shows
      x.skip(n);
      y.skip(n);
    }
  }
  return out.ops;
}

/**
 * Transforms two operations made on the same text into [a', b'] with apply(b', apply(a, t)) = apply(a', apply(b, t))
 * (TP1). Inserts at the same place: `a`'s first when `aFirst`, else `b`'s.
 */
export function transform(a, b, aFirst) {
  if (baseLength(a) !== baseLength(b)) {
    fail('out_of_range', `Cannot transform operations on texts of ${baseLength(a)} and ${baseLength(b)} characters.`);
  }
  const a2 = builder();
  const b2 = builder();
  const x = cursor(a);
  const y = cursor(b);
  while (!x.done() || !y.done()) {
    const xi = !x.done() && isInsert(x.cur);
    const yi = !y.done() && isInsert(y.cur);
    if (xi && (aFirst || !yi)) {
      a2.insert(x.cur);
      b2.retain(x.cur.length);
      x.next();
    } else if (yi) {
      a2.retain(y.cur.length);
      b2.insert(y.cur);
      y.next();
    } else {
      const n = Math.min(size(x.cur), size(y.cur));
      if (isRetain(x.cur) && isRetain(y.cur)) {
        a2.retain(n);
        b2.retain(n);
      } else if (isDelete(x.cur) && isRetain(y.cur)) a2.delete(n);
      else if (isRetain(x.cur) && isDelete(y.cur)) b2.delete(n);
      x.skip(n);
      y.skip(n);
    }
  }
  return [a2.ops, b2.ops];
}

/**
 * Where position `pos` of the base text ends up after the operation. Text inserted exactly at `pos` counts before it
 * only when `insertsBefore` (a caret stays in front of someone else's text typed right where it is); a position inside
 * deleted text moves to where the deletion was.
 */
export function transformPosition(pos, ops, insertsBefore = false) {
  let index = 0;
  let out = pos;
  for (const c of ops) {
    if (isInsert(c)) {
      if (index < pos || (index === pos && insertsBefore)) out += c.length;
      continue;
    }
    if (index >= pos) break;
    const n = Math.abs(c);
    if (c < 0) out -= Math.min(n, pos - index);
    index += n;
  }
  return out;
}

/**
 * Cuts the operation where its base text is cut at `p`: the left part covers [0, p) and keeps inserts made exactly at
 * `p`; the right part covers the rest.
 */
export function splitOps(ops, p) {
  if (!(p >= 0 && p <= baseLength(ops))) fail('out_of_range', `Cannot cut a text of ${baseLength(ops)} characters at ${p}.`);
  const left = builder();
  const right = builder();
  let index = 0;
  for (const c of ops) {
    if (isInsert(c)) {
      (index <= p ? left : right).insert(c);
      continue;
    }
    const n = Math.abs(c);
    const before = Math.max(0, Math.min(n, p - index));
    left.add(Math.sign(c) * before);
    right.add(Math.sign(c) * (n - before));
    index += n;
  }
  return [left.ops, right.ops];
}

/** The operation preceded by `before` and followed by `after` kept characters. */
function widen(ops, before, after) {
  const b = builder().retain(before);
  for (const c of ops) b.add(c);
  return b.retain(after).ops;
}

/**
 * The operation turning `a` into `b`: keep the common prefix and suffix, replace the middle. With `caret` (where the
 * caret is in `b` after the edit), the changed part is placed so that it ends at or before the caret, which finds
 * the right place when the edit touches repeated characters. Never cuts a surrogate pair.
 */
export function diff(a, b, caret) {
  const max = Math.min(a.length, b.length);
  const common = (limit, at) => {
    let n = 0;
    while (n < limit && at(n)) n += 1;
    return n;
  };
  const samePrefix = (n) => a.charCodeAt(n) === b.charCodeAt(n);
  const sameSuffix = (n) => a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n);
  let prefix;
  let suffix;
  if (caret == null) {
    prefix = common(max, samePrefix);
    suffix = common(max - prefix, sameSuffix);
  } else {
    suffix = common(Math.min(max, Math.max(0, b.length - caret)), sameSuffix);
    prefix = common(max - suffix, samePrefix);
  }
  if (prefix > 0 && isHigh(a.charCodeAt(prefix - 1))) prefix -= 1;
  if (suffix > 0 && isLow(a.charCodeAt(a.length - suffix))) suffix -= 1;
  return builder()
    .retain(prefix)
    .insert(b.slice(prefix, b.length - suffix))
    .delete(a.length - prefix - suffix)
    .retain(suffix).ops;
}

/**
 * A shortest edit script from `a` to `b` as an operation (Myers' algorithm over code points, after the common prefix
 * and suffix), so that several separate edits stay separate: text typed between them is carried to the right place.
 * Falls back to `diff` when the middle parts differ in more than `limit` places.
 */
export function editScript(a, b, limit = 400) {
  const outer = diff(a, b);
  const prefix = isRetain(outer[0]) ? outer[0] : 0;
  const suffix = outer.length > 1 && isRetain(outer[outer.length - 1]) ? outer[outer.length - 1] : 0;
  const x = Array.from(a.slice(prefix, a.length - suffix));
  const y = Array.from(b.slice(prefix, b.length - suffix));
  const steps = shortestPath(x, y, limit);
  if (!steps) return outer;
  const out = builder().retain(prefix);
  let i = 0;
  let j = 0;
  for (const step of steps) {
    if (step === 0) {
      out.retain(x[i].length);
      i += 1;
      j += 1;
    } else if (step < 0) {
      out.delete(x[i].length);
      i += 1;
    } else {
      out.insert(y[j]);
      j += 1;
    }
  }
  return out.retain(suffix).ops;
}

/** Myers' shortest path through the edit graph of x and y: steps 0 keep, -1 delete, 1 insert; null beyond `limit`. */
function shortestPath(x, y, limit) {
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, limit);
  const off = max + 1;
  const v = new Array(2 * max + 3).fill(0);
  const trace = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let i = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i += 1;
        j += 1;
      }
      v[off + k] = i;
      if (i >= n && j >= m) return backtrack(trace, n, m, off);
    }
  }
  return null;
}

function backtrack(trace, n, m, off) {
  const steps = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d];
    const k = i - j;
    const down = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]);
    const pi = d === 0 ? 0 : v[off + (down ? k + 1 : k - 1)];
    const pj = d === 0 ? 0 : pi - (down ? k + 1 : k - 1);
    while (i > pi && j > pj) {
      steps.push(0);
      i -= 1;
      j -= 1;
    }
    if (d > 0) {
      if (down) {
        steps.push(1);
        j -= 1;
      } else {
        steps.push(-1);
        i -= 1;
      }
    }
  }
  return steps.reverse();
}

// ---------------------------------------------------------------------------------------------------------------
// Part 2: the block document
// ---------------------------------------------------------------------------------------------------------------

const KINDS = ['heading', 'numbered', 'unnumbered'];

/** True for a protocol block id: 12 characters of the id alphabet. */
export function isBlockId(id) {
  return typeof id === 'string' && id.length === 12 && [...id].every((c) => ID_ALPHABET.includes(c));
}

function checkStyle(kind, level) {
  const ok = kind === 'heading' ? Number.isInteger(level) && level >= 1 && level <= 3 : KINDS.includes(kind) && level === 0;
  if (!ok) fail('malformed', 'A heading has level 1 to 3; a paragraph has level 0.');
}

function checkText(text) {
  if (typeof text !== 'string') fail('malformed', 'A block text must be a string.');
  if (text.length > MAX_TEXT_LENGTH) fail('too_long', `A paragraph holds at most ${MAX_TEXT_LENGTH} characters.`);
}

function indexOf(blocks, id) {
  return blocks.findIndex((b) => b.id === id);
}

function existing(blocks, id) {
  const i = indexOf(blocks, id);
  if (i < 0) fail('unknown_block', `There is no block ${id}.`);
  return i;
}

function checkNew(blocks, id) {
  if (!isBlockId(id)) fail('malformed', `'${id}' is not a block id.`);
  if (indexOf(blocks, id) >= 0) fail('unknown_block', `The new block id ${id} is taken.`);
  if (blocks.length >= MAX_BLOCKS) fail('too_many_blocks', `A statement holds at most ${MAX_BLOCKS} blocks.`);
}

/** The text of block `id` in `blocks`, or null when there is none. */
export function textOf(blocks, id) {
  const i = indexOf(blocks, id);
  return i < 0 ? null : blocks[i].text;
}

/**
 * Applies one protocol operation to `blocks` (an array of `{id, kind, level, text}`, changed in place; block objects
 * are replaced, never mutated, so `blocks.slice()` is a cheap copy). Validates everything first: a refused operation
 * changes nothing. Returns the applied form, with the fields the server fills in.
 */
export function applyOp(blocks, op) {
  switch (op.type) {
    case 'text': {
      const i = existing(blocks, op.block);
      const ops = normalize(op.ops);
      const text = apply(ops, blocks[i].text);
      checkText(text);
      blocks[i] = { ...blocks[i], text };
      return { type: 'text', block: op.block, ops };
    }
    case 'insert': {
      checkNew(blocks, op.block);
      checkStyle(op.kind, op.level);
      checkText(op.text);
      const at = op.after == null ? 0 : existing(blocks, op.after) + 1;
      blocks.splice(at, 0, { id: op.block, kind: op.kind, level: op.level, text: op.text });
      return { type: 'insert', block: op.block, after: op.after ?? null, kind: op.kind, level: op.level, text: op.text };
    }
    case 'delete': {
      const i = existing(blocks, op.block);
      const [gone] = blocks.splice(i, 1);
      const after = i > 0 ? blocks[i - 1].id : null;
      return { type: 'delete', block: op.block, after, text: gone.text, kind: gone.kind, level: gone.level };
    }
    case 'move': {
      const i = existing(blocks, op.block);
      if (op.after === op.block) fail('malformed', 'A block cannot be moved after itself.');
      if (op.after != null) existing(blocks, op.after);
      const from = i > 0 ? blocks[i - 1].id : null;
      const [moved] = blocks.splice(i, 1);
      blocks.splice(op.after == null ? 0 : indexOf(blocks, op.after) + 1, 0, moved);
      return { type: 'move', block: op.block, after: op.after ?? null, from };
    }
    case 'restyle': {
      const i = existing(blocks, op.block);
      checkStyle(op.kind, op.level);
      const was = blocks[i];
      blocks[i] = { ...was, kind: op.kind, level: op.level };
      return { type: 'restyle', block: op.block, kind: op.kind, level: op.level, wasKind: was.kind, wasLevel: was.level };
    }
    case 'split': {
      const i = existing(blocks, op.block);
      if (op.newBlock === op.block) fail('unknown_block', "The new block's id is the split block's.");
      checkNew(blocks, op.newBlock);
      checkStyle(op.kind, op.level);
      const { text } = blocks[i];
      const ok = Number.isInteger(op.offset) && op.offset >= 0 && op.offset <= text.length && !splitsPair(text, op.offset);
      if (!ok) fail('out_of_range', `Cannot split a text of ${text.length} characters at ${op.offset}.`);
      blocks[i] = { ...blocks[i], text: text.slice(0, op.offset) };
      blocks.splice(i + 1, 0, { id: op.newBlock, kind: op.kind, level: op.level, text: text.slice(op.offset) });
      return splitForm(op);
    }
    case 'join': {
      const i = existing(blocks, op.block);
      const j = existing(blocks, op.next);
      if (i === j) fail('malformed', 'A block cannot be joined with itself.');
      const [a, n] = [blocks[i], blocks[j]];
      checkText(a.text + n.text);
      blocks[i] = { ...a, text: a.text + n.text };
      blocks.splice(j, 1);
      return {
        type: 'join', block: op.block, next: op.next,
        offset: a.text.length, nextLength: n.text.length, nextKind: n.kind, nextLevel: n.level,
      };
    }
    default:
      return fail('malformed', `Unknown operation type '${op.type}'.`);
  }
}

/** The operation as a client submits it: the applied-form fields left out. */
export function submitForm(op) {
  switch (op.type) {
    case 'text': return { type: 'text', block: op.block, ops: op.ops };
    case 'insert': return { type: 'insert', block: op.block, after: op.after ?? null, kind: op.kind, level: op.level, text: op.text };
    case 'delete': return { type: 'delete', block: op.block };
    case 'move': return { type: 'move', block: op.block, after: op.after ?? null };
    case 'restyle': return { type: 'restyle', block: op.block, kind: op.kind, level: op.level };
    case 'split': return splitForm(op);
    case 'join': return { type: 'join', block: op.block, next: op.next };
    default: return op;
  }
}

/** A split as applied and submitted; `restores` (set by the server's transformation when it brings back a joined-in block) is kept. */
function splitForm(op) {
  const split = { type: 'split', block: op.block, offset: op.offset, newBlock: op.newBlock, kind: op.kind, level: op.level };
  return op.restores ? { ...split, restores: true } : split;
}

function sameOps(a, b) {
  return JSON.stringify(a.map(submitForm)) === JSON.stringify(b.map(submitForm));
}

/** The operations that undo `applied` (an applied form), given the block's text before it for a text edit. */
export function inverseOf(applied, textBefore) {
  const { block } = applied;
  switch (applied.type) {
    case 'text': return [{ type: 'text', block, ops: invert(applied.ops, textBefore) }];
    case 'insert': return [{ type: 'delete', block }];
    case 'delete': return [{ type: 'insert', block, after: applied.after, kind: applied.kind, level: applied.level, text: applied.text }];
    case 'move': return [{ type: 'move', block, after: applied.from }];
    case 'restyle': return [{ type: 'restyle', block, kind: applied.wasKind, level: applied.wasLevel }];
    case 'split': return [{ type: 'join', block, next: applied.newBlock }];
    case 'join':
      return [{ type: 'split', block, offset: applied.offset, newBlock: applied.next, kind: applied.nextKind, level: applied.nextLevel }];
    default: return [];
  }
}

/**
 * Where a point `{block, offset}` of the document is after the (applied) operation `op`, or null when its block is
 * gone. Someone else's text typed exactly at the point goes after it.
 */
export function mapPoint(point, op) {
  if (!point) return point;
  const { block, offset } = point;
  switch (op.type) {
    case 'text': return op.block === block ? { block, offset: transformPosition(offset, op.ops) } : point;
    case 'split': return op.block === block && offset > op.offset ? { block: op.newBlock, offset: offset - op.offset } : point;
    case 'join': return op.next === block ? { block: op.block, offset: op.offset + offset } : point;
    case 'delete': return op.block === block ? null : point;
    default: return point;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Part 3: the server's transformation (a port of the C# EditTransform and BlockTransformer; keep them in step)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Carries `incoming` over one `applied` operation (in its applied form) made on the same document, as the server
 * does. Returns `{ops, discarded}`: what `incoming` has become (zero, one or several operations) and the text it
 * typed into a block deleted meanwhile (`{block, reason: 'deleted', text}`). Throws EditError when the two cannot
 * have been made on the same document.
 */
export function transformOp(incoming, applied) {
  const discarded = [];
  return { ops: forward(incoming, applied, discarded), discarded };
}

/** Carries `incoming` over the changes applied since its base revision (each a list of applied operations), in order. */
export function rebaseOp(incoming, changes) {
  const discarded = [];
  let current = clean([incoming]);
  for (const change of changes) [current] = lists(current, change, discarded);
  return { ops: current, discarded };
}

/**
 * Carries the list `incoming` (applied in order) over the list `applied` (applied in order, on the same document),
 * and the other way round: returns `[incoming', applied']`. When one side has become several operations, the later
 * ones see the other side as it looks after the earlier ones.
 */
function lists(incoming, applied, discarded) {
  if (incoming.length === 0 || applied.length === 0) return [incoming, applied];
  if (incoming.length === 1 && applied.length === 1) {
    return [forward(incoming[0], applied[0], discarded), backward(applied[0], incoming[0])];
  }
  if (incoming.length > 1) {
    const [first, appliedAfterFirst] = lists([incoming[0]], applied, discarded);
    const [rest, appliedAfterAll] = lists(incoming.slice(1), appliedAfterFirst, discarded);
    return [[...first, ...rest], appliedAfterAll];
  }
  const [overFirst, firstAfter] = lists(incoming, [applied[0]], discarded);
  const [overAll, restAfter] = lists(overFirst, applied.slice(1), discarded);
  return [overAll, [...firstAfter, ...restAfter]];
}

/**
 * As `lists`, for two lists that both start from `blocks`: every pair is taken in its applied form on the document it
 * applies to, so the fields the rules read (a join's offset, where a deleted block was) are exact however far the
 * operations have been carried. The client uses this on its outbox. Throws EditError when an operation does not fit.
 */
function listsAt(blocks, incoming, applied, discarded) {
  if (incoming.length === 0 || applied.length === 0) return [incoming, applied];
  if (incoming.length === 1 && applied.length === 1) {
    const afterX = blocks.slice();
    const x = applyOp(afterX, incoming[0]);
    const afterY = blocks.slice();
    const y = applyOp(afterY, applied[0]);
    if (x.type === 'split' && y.type === 'split' && x.newBlock === y.newBlock && !sameSplit(x, y)) {
      // One block brought back twice, cut at different places: the applied cut stands.
      return [[], reconcile(afterX, afterY, [x.block, y.block, y.newBlock])];
    }
    return [forward(x, y, discarded), backward(y, x)];
  }
  if (incoming.length > 1) {
    const [first, appliedAfterFirst] = listsAt(blocks, [incoming[0]], applied, discarded);
    const afterFirst = blocks.slice();
    applyOp(afterFirst, incoming[0]);
    const [rest, appliedAfterAll] = listsAt(afterFirst, incoming.slice(1), appliedAfterFirst, discarded);
    return [[...first, ...rest], appliedAfterAll];
  }
  const [overFirst, firstAfter] = listsAt(blocks, incoming, [applied[0]], discarded);
  const afterApplied = blocks.slice();
  applyOp(afterApplied, applied[0]);
  const [overAll, restAfter] = listsAt(afterApplied, overFirst, applied.slice(1), discarded);
  return [overAll, [...firstAfter, ...restAfter]];
}

function sameSplit(a, b) {
  return a.block === b.block && a.offset === b.offset && a.newBlock === b.newBlock && a.kind === b.kind
    && a.level === b.level && !!a.restores === !!b.restores;
}

/** Operations that make the given blocks of `from` look as they do in `to` (text, style, place). */
function reconcile(from, to, ids) {
  const ops = [];
  for (const id of new Set(ids)) {
    const was = from[indexOf(from, id)];
    const index = indexOf(to, id);
    const now = to[index];
    ops.push({ type: 'text', block: id, ops: diff(was.text, now.text) });
    if (was.kind !== now.kind || was.level !== now.level) ops.push({ type: 'restyle', block: id, kind: now.kind, level: now.level });
    ops.push({ type: 'move', block: id, after: index === 0 ? null : to[index - 1].id });
  }
  const check = from.slice();
  const placed = (move) => {
    const i = indexOf(check, move.block);
    const ok = move.after != null ? i > 0 && check[i - 1].id === move.after : i === 0;
    if (!ok) applyOp(check, move);
    return ok;
  };
  return clean(ops.filter((op) => op.type !== 'move' || !placed(op)));
}

/** Drops operations that have become meaningless: moving a block after itself, joining it with itself, editing nothing. */
function clean(ops) {
  return ops.filter((op) => !(op.type === 'move' && op.after === op.block)
    && !(op.type === 'join' && op.block === op.next)
    && !(op.type === 'text' && isIdentity(op.ops)));
}

/** The incoming operation `x` carried over the applied operation `y`. */
function forward(x, y, discarded) {
  switch (y.type) {
    case 'text': return clean(overText(x, y));
    case 'delete': return clean(overDelete(x, y, discarded));
    case 'split': return clean(overSplit(x, y));
    case 'join': return clean(overJoin(x, y));
    default: return clean([x]); // insert, move (a later move wins by being applied later), restyle
  }
}

/** The applied operation `y` carried over the incoming operation `x` (needed when the incoming one became several). */
function backward(y, x) {
  switch (x.type) {
    case 'text': return clean(backOverText(y, x));
    case 'delete': return clean(backOverDelete(y, x));
    case 'move': return clean(backOverMove(y, x));
    case 'split': return clean(backOverSplit(y, x));
    case 'restyle': return y.type === 'restyle' && y.block === x.block ? [] : clean([y]);
    // A join only in its applied form: the server's lists never have an incoming join before another operation.
    case 'join': return clean(isAppliedJoin(x) ? backOverJoin(y, x) : [y]);
    default: return clean([y]); // an insert names a block the applied operation cannot know
  }
}

const isBlockOp = (op, block, ...types) => op.block === block && types.includes(op.type);
const anchoredAfter = (op, block, ...types) => op.after != null && op.after === block && types.includes(op.type);
const halves = (text, block, offset, created) => {
  const [left, right] = splitOps(text.ops, offset);
  return [{ type: 'text', block, ops: left }, { type: 'text', block: created, ops: right }];
};
const restoreSplit = (block, offset, next, kind, level) => ({ type: 'split', block, offset, newBlock: next, kind, level, restores: true });
const deleteAfter = (offset, length) => builder().retain(offset).delete(length).ops;

function overText(x, y) {
  if (isBlockOp(x, y.block, 'text')) return [{ ...x, ops: transformText(x.ops, y.ops) }];
  if (isBlockOp(x, y.block, 'split')) return [{ ...x, offset: mapOffset(x.offset, y.ops) }];
  return [x];
}

function overDelete(x, y, discarded) {
  const deleted = y.block;
  if (isBlockOp(x, deleted, 'text')) {
    const inserted = insertedText(x.ops);
    if (inserted.length > 0) discarded.push({ block: deleted, reason: 'deleted', text: inserted });
    return [];
  }
  if (isBlockOp(x, deleted, 'delete', 'move', 'restyle', 'split')) return [];
  if (x.type === 'join' && (x.block === deleted || x.next === deleted)) return [];
  if (anchoredAfter(x, deleted, 'insert', 'move')) return [{ ...x, after: y.after ?? null }];
  return [x];
}

function overSplit(x, y) {
  const { block, offset, newBlock: created } = y;
  if (isBlockOp(x, block, 'text')) return halves(x, block, offset, created);
  // The same block brought back twice (two deletes of a block someone joined): the applied one stands.
  if (x.type === 'split' && x.newBlock === created) return [];
  if (isBlockOp(x, block, 'split')) {
    return x.offset < offset || (x.offset === offset && !takesTail(x, y)) ? [x] : [{ ...x, block: created, offset: x.offset - offset }];
  }
  if (isBlockOp(x, block, 'join')) return [{ ...x, block: created }];
  if (isBlockOp(x, block, 'delete')) return [x, { type: 'delete', block: created }];
  if (isBlockOp(x, block, 'move')) return [x, { type: 'move', block: created, after: block }];
  if (anchoredAfter(x, block, 'insert', 'move')) return [{ ...x, after: created }];
  return [x];
}

function overJoin(x, y) {
  const { block, next } = y;
  const { offset, nextLength } = appliedJoin(y);
  if (isBlockOp(x, block, 'text')) return [{ ...x, ops: widen(x.ops, 0, nextLength) }];
  if (isBlockOp(x, next, 'text')) return [{ type: 'text', block, ops: widen(x.ops, offset, 0) }];
  if (isBlockOp(x, next, 'split')) return [{ ...x, block, offset: offset + x.offset }];
  if (x.type === 'join') {
    if (x.block === block && x.next === next) return [];
    if (x.block === next) return [{ ...x, block }];
    if (x.next === next) return []; // another block wanted to take in the joined one, which is gone
  }
  if (isBlockOp(x, block, 'delete')) return [restoreSplit(block, offset, next, y.nextKind, y.nextLevel), x];
  if (isBlockOp(x, next, 'delete')) return [{ type: 'text', block, ops: deleteAfter(offset, nextLength) }];
  if (isBlockOp(x, next, 'move', 'restyle')) return [];
  if (anchoredAfter(x, next, 'insert', 'move')) return [{ ...x, after: block }];
  return [x];
}

function backOverText(y, x) {
  if (isBlockOp(y, x.block, 'text')) return [{ ...y, ops: transform(x.ops, y.ops, false)[1] }];
  if (isBlockOp(y, x.block, 'split')) return [{ ...y, offset: mapOffset(y.offset, x.ops) }];
  if (y.type === 'join' && y.block === x.block) return [{ ...y, offset: targetLength(x.ops) }];
  if (y.type === 'join' && y.next === x.block) return [{ ...y, nextLength: targetLength(x.ops) }];
  return [y];
}

function backOverDelete(y, x) {
  // Where the deleted block was: known from the applied form (clients), else left as it is.
  const before = x.text != null ? x.after ?? null : x.block;
  if (isBlockOp(y, x.block, 'text', 'delete', 'move', 'restyle', 'split')) return [];
  if (y.type === 'join' && (y.block === x.block || y.next === x.block)) return [];
  if (anchoredAfter(y, x.block, 'delete', 'insert', 'move')) return [{ ...y, after: before }];
  return [y];
}

function backOverMove(y, x) {
  if (isBlockOp(y, x.block, 'move')) return []; // the incoming move is the later one: it wins
  if (isBlockOp(y, x.block, 'delete')) return [{ ...y, after: x.after ?? null }];
  return [y];
}

function backOverSplit(y, x) {
  const { block, offset, newBlock: created } = x;
  if (isBlockOp(y, block, 'text')) return halves(y, block, offset, created);
  // Both bring back one block; where they cut can only differ by text typed at the cut (listsAt deals with that).
  if (y.type === 'split' && y.newBlock === created) return [];
  if (isBlockOp(y, block, 'split')) {
    return y.offset > offset || (y.offset === offset && !takesTail(x, y)) ? [{ ...y, block: created, offset: y.offset - offset }] : [y];
  }
  if (isBlockOp(y, block, 'join')) return [{ ...y, block: created, offset: appliedJoin(y).offset - offset }];
  if (y.type === 'join' && y.next === block) return [{ ...y, nextLength: offset }];
  if (isBlockOp(y, block, 'delete')) {
    return [y, { type: 'delete', block: created, after: y.after ?? null, text: '', kind: x.kind, level: x.level }];
  }
  if (anchoredAfter(y, block, 'delete')) return [{ ...y, after: created }];
  if (isBlockOp(y, block, 'move')) return [y, { type: 'move', block: created, after: block }];
  if (anchoredAfter(y, block, 'insert', 'move')) return [{ ...y, after: created }];
  return [y];
}

function backOverJoin(y, x) {
  const { block, next, offset, nextLength } = x;
  const restore = () => restoreSplit(block, offset, next, x.nextKind, x.nextLevel); // the joined-in block, back with its id
  if (isBlockOp(y, block, 'text')) return [{ ...y, ops: widen(y.ops, 0, nextLength) }];
  if (isBlockOp(y, next, 'text')) return [{ type: 'text', block, ops: widen(y.ops, offset, 0) }];
  if (isBlockOp(y, next, 'split')) return [{ ...y, block, offset: offset + y.offset }];
  if (y.type === 'join') {
    if (y.block === block && y.next === next) return [];
    if (y.block === next && y.next === block) return [restore(), y]; // the incoming join was dropped: the other way round wins
    if (y.block === next) return [{ ...y, block, offset: offset + appliedJoin(y).offset }];
    if (y.next === next) return [restore(), y]; // another block took in the joined one: the incoming join was dropped
    if (y.next === block) return [{ ...y, nextLength: offset + nextLength }];
    if (y.block === block) {
      // The block took in another one meanwhile: that one's text comes first, then the incoming join's.
      const other = appliedJoin(y);
      return [
        restore(),
        { ...y, offset },
        { ...y, next, offset: offset + other.nextLength, nextLength, nextKind: x.nextKind, nextLevel: x.nextLevel },
      ];
    }
  }
  if (isBlockOp(y, block, 'delete')) return [restore(), y];
  if (isBlockOp(y, next, 'delete')) return [{ type: 'text', block, ops: deleteAfter(offset, nextLength) }];
  if (anchoredAfter(y, next, 'delete')) return [{ ...y, after: block }];
  if (isBlockOp(y, next, 'move', 'restyle')) return [];
  if (anchoredAfter(y, next, 'insert', 'move')) return [{ ...y, after: block }];
  return [y];
}

/** Two splits of one block at one place: the incoming one's new block comes first and empty, unless it brings back a joined-in block and the applied one does not. */
function takesTail(incoming, applied) {
  return !!incoming.restores && !applied.restores;
}

function isAppliedJoin(join) {
  return join.offset != null && join.nextLength != null && join.nextKind != null && join.nextLevel != null;
}

function appliedJoin(join) {
  if (!isAppliedJoin(join)) fail('malformed', 'An applied join must carry its applied form (offset, next length, kind, level).');
  return join;
}

/** A split offset carried over a text operation on its block: text inserted exactly at the offset counts before it. */
function mapOffset(offset, over) {
  if (!(offset >= 0 && offset <= baseLength(over))) fail('out_of_range', `Offset ${offset} is outside a text of ${baseLength(over)} characters.`);
  return transformPosition(offset, over, true);
}

/** The incoming text operation carried over an applied one; the applied one's inserts go first at ties. */
function transformText(incoming, applied) {
  if (baseLength(incoming) !== baseLength(applied)) {
    fail('out_of_range', `The text operation covers ${baseLength(incoming)} characters; the block held ${baseLength(applied)}.`);
  }
  return transform(incoming, applied, false)[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Part 4: the client
// ---------------------------------------------------------------------------------------------------------------

/** Refusal codes that will not go away by sending again: the whole outbox is reported and dropped. */
const REFUSE_ALL = new Set(['locked', 'forbidden', 'unauthenticated', 'stale_revision', 'future_revision', 'not_found']);
/** Codes worth sending again later, unchanged. */
const TRANSIENT = new Set(['rate_limited', 'not_joined']);
const UNDO_LIMIT = 300;
const TYPING_PAUSE_MS = 1500;
const isSpace = (s) => /\s/.test(s);

/**
 * One editor's view of a statement, following the client algorithm of docs/editor.md: the same behaviour as the
 * domain's reference DraftingClient (C#), step by step.
 *  - `confirmed`: `{revision, blocks}`, always the server's log applied in revision order.
 *  - `outbox`: entries `{changeId, ops, bases, submission}`; only the first may be sent (its `submission` is the exact
 *    payload, resent unchanged after a reconnect so that the server's dedupe applies it once).
 *  - `local` (blocks): what the user sees, confirmed plus the outbox.
 * Methods that change `local` return `{effects, ...}`: the operations that changed `local`, in order (for mapping the
 * caret, highlighting, re-rendering).
 */
export class DraftingClient {
  /**
   * @param {object} options `{statementId, snapshot: {revision, blocks}, saved (JSON from save(), or null),
   *   random (() => number in [0, 1), for ids)}`
   */
  constructor({ statementId, snapshot, saved = null, random = Math.random }) {
    this.statementId = statementId;
    this.random = random;
    this.confirmed = { revision: snapshot.revision, blocks: snapshot.blocks.map((b) => ({ ...b })) };
    this.outbox = [];
    this.reports = [];
    this.early = new Map(); // changes received ahead of a gap, by revision
    this.undoStack = [];
    this.redoStack = [];
    this.awaiting = null; // changeId of the submission whose answer has not come yet
    this.heardFromServer = new Set(); // changeIds whose discarded text the server has already told us
    this.acknowledgedEarly = null; // {submission, ops} acknowledged by a Changed before its answer came
    this.reportCounter = 0;
    this.restored = false;
    this.local = this.confirmed.blocks.slice();
    if (saved) this.restore(saved);
  }

  // ----- reading -----

  /** The blocks the user sees. */
  get blocks() {
    return this.local;
  }

  get revision() {
    return this.confirmed.revision;
  }

  /** True while some own change is not acknowledged. */
  get pending() {
    return this.outbox.length > 0;
  }

  /** Text mode: every outbox entry edits text only. */
  isTextMode() {
    return this.outbox.every((e) => e.ops.every((o) => o.type === 'text'));
  }

  newBlockId() {
    return this.randomString(12);
  }

  // ----- local edits -----

  /**
   * Applies the user's operation to `local` and queues it. Throws EditError (nothing changed) if it does not fit.
   * Typing composes into the last unsent text entry of the same block. `now` (ms) groups typing into undo steps.
   */
  edit(op, now = 0) {
    const applied = this.applyQueued(op);
    if (applied.applied.type === 'text' && isIdentity(applied.applied.ops)) return applied.applied;
    this.redoStack = [];
    this.remember(applied.applied, applied.before, now);
    return applied.applied;
  }

  /** Undoes one's own last step as a new change. Returns the operations applied (empty: nothing to undo). */
  undo() {
    return this.replay(this.undoStack, this.redoStack);
  }

  /** Redoes the last undone step as a new change. */
  redo() {
    return this.replay(this.redoStack, this.undoStack);
  }

  canUndo() {
    return this.undoStack.length > 0;
  }

  canRedo() {
    return this.redoStack.length > 0;
  }

  // ----- sending -----

  /** The submission to send now, or null (nothing to send, or an answer is awaited). Marks it as sent. */
  takeSubmission() {
    if (this.awaiting) return null;
    this.cutEntries();
    const first = this.outbox[0];
    if (!first) return null;
    if (!first.submission) {
      first.submission = {
        statementId: this.statementId, changeId: first.changeId, baseRevision: this.confirmed.revision, op: first.ops[0],
      };
    }
    this.awaiting = first.changeId;
    return first.submission;
  }

  /** The submission could not be delivered (connection lost, rate limited): it is sent again, unchanged, later. */
  submitFailed(submission) {
    if (this.awaiting === submission.changeId) this.awaiting = null;
    const early = this.acknowledgedEarly;
    if (early && early.submission.changeId === submission.changeId) {
      this.acknowledgedEarly = null;
      this.reportUnapplied(early.submission, early.ops);
    }
  }

  /**
   * The server's answer to `submission`: `{status: 'applied'|'duplicate', revision, ops, discarded}` or
   * `{status: 'refused', code, message}`. Returns `{effects, gap, retry, refused}`.
   */
  acknowledge(submission, answer) {
    const { changeId } = submission;
    if (answer.status === 'refused') {
      if (this.awaiting === changeId) this.awaiting = null;
      if (TRANSIENT.has(answer.code)) {
        this.submitFailed(submission);
        return { effects: [], gap: false, retry: true };
      }
      return { ...this.refuse(submission, answer.code, answer.message), refused: answer.code };
    }
    (answer.discarded ?? []).forEach((d, i) => this.report(d.block, d.reason || 'deleted', d.text, '', serverKey(changeId, i)));
    if (this.acknowledgedEarly?.submission.changeId === changeId) this.acknowledgedEarly = null;
    else if (this.outbox.some((e) => e.changeId === changeId)) this.heardFromServer.add(changeId);
    const result = this.receive({ revision: answer.revision, changeId, ops: answer.ops ?? [] });
    if (this.awaiting === changeId) this.awaiting = null;
    const first = this.outbox[0];
    if (first && first.changeId === changeId && answer.revision <= this.confirmed.revision) {
      // Applied at a revision already processed without being recognised: take the server's word for it.
      this.outbox.shift();
      this.heardFromServer.delete(changeId);
      this.rebuild(result.effects);
    }
    return result;
  }

  // ----- receiving -----

  /**
   * One protocol Changed message `{revision, changeId, ops}`. Applied strictly in revision order; an earlier revision
   * is ignored; a later one waits (`gap: true`: ask the server to catch up).
   */
  receive(change) {
    const effects = [];
    if (change.revision > this.confirmed.revision && !this.early.has(change.revision)) this.early.set(change.revision, change);
    for (let next = this.early.get(this.confirmed.revision + 1); next; next = this.early.get(this.confirmed.revision + 1)) {
      this.early.delete(next.revision);
      this.process(next, effects);
    }
    for (const r of [...this.early.keys()]) if (r <= this.confirmed.revision) this.early.delete(r);
    return { effects, gap: this.early.size > 0 };
  }

  /** The catch-up answer `{revision, changes}`; returns `{effects, gap, more}` (`more`: call CatchUp again). */
  catchUp(answer) {
    const effects = [];
    for (const change of answer.changes ?? []) effects.push(...this.receive(change).effects);
    const more = (answer.changes ?? []).length > 0 && this.confirmed.revision < answer.revision;
    return { effects, gap: this.early.size > 0, more };
  }

  // ----- reports of text that could not be applied -----

  /** Removes the report with this id (the user has dealt with it). */
  dismissReport(id) {
    this.reports = this.reports.filter((r) => r.id !== id);
  }

  // ----- saving -----

  /** The state to keep on the device, as JSON; null when there is nothing worth keeping. */
  save() {
    if (this.outbox.length === 0 && this.reports.length === 0) return null;
    const state = { v: 1, statementId: this.statementId, reports: this.reports };
    if (this.outbox.length > 0) {
      state.revision = this.confirmed.revision;
      state.blocks = this.confirmed.blocks;
      state.outbox = this.outbox.map(({ changeId, ops, bases, submission }) => ({ changeId, ops, bases, submission }));
    }
    return JSON.stringify(state);
  }

  // ================= internals =================

  restore(saved) {
    let state;
    try {
      state = JSON.parse(saved);
    } catch {
      return;
    }
    if (!state || state.v !== 1 || state.statementId !== this.statementId) return;
    this.reports = Array.isArray(state.reports) ? state.reports : [];
    for (const r of this.reports) r.key ??= localKey(); // kept by an earlier version of this module
    this.reportCounter = this.reports.reduce((m, r) => Math.max(m, r.id), 0);
    if (!Array.isArray(state.outbox) || state.outbox.length === 0) return;
    const snapshot = this.confirmed;
    try {
      if (!Number.isInteger(state.revision) || !Array.isArray(state.blocks)) throw new EditError('malformed', 'Bad saved state.');
      this.confirmed = { revision: state.revision, blocks: state.blocks };
      this.outbox = state.outbox;
      this.rebuild([]);
      this.restored = true;
    } catch {
      // A damaged copy: start from the snapshot, and show whatever text it held rather than lose it.
      this.confirmed = snapshot;
      this.outbox = [];
      this.local = snapshot.blocks.slice();
      for (const entry of state.outbox) {
        for (const op of Array.isArray(entry?.ops) ? entry.ops : []) {
          try {
            this.report(op.block, 'out_of_sync', opText(op));
          } catch {
            // nothing readable in it
          }
        }
      }
    }
  }

  newChangeId() {
    return `c-${this.randomString(16)}`;
  }

  randomString(n) {
    let s = '';
    for (let i = 0; i < n; i += 1) s += ID_ALPHABET[Math.floor(this.random() * ID_ALPHABET.length) % ID_ALPHABET.length];
    return s;
  }

  /** Applies `op` to local and puts it in the outbox. */
  applyQueued(op) {
    const before = textOf(this.local, op.block);
    const applied = applyOp(this.local, op);
    const wire = submitForm(applied);
    if (wire.type === 'text' && isIdentity(wire.ops)) return { applied, before }; // nothing to send
    const last = this.outbox[this.outbox.length - 1];
    const composes = wire.type === 'text' && last && !last.submission && last.ops.length === 1
      && last.ops[0].type === 'text' && last.ops[0].block === wire.block;
    if (composes) {
      const ops = compose(last.ops[0].ops, wire.ops);
      if (isIdentity(ops)) this.outbox.pop();
      else last.ops = [{ ...last.ops[0], ops }];
    } else {
      this.outbox.push({ changeId: this.newChangeId(), ops: [wire], bases: [before], submission: null });
    }
    return { applied, before };
  }

  /** Puts the inverse of the user's edit on the undo stack, merging typing into word-sized steps. */
  remember(applied, before, now) {
    const ops = inverseOf(applied, before);
    const shape = applied.type === 'text' ? typingShape(applied.ops, before) : null;
    const top = this.undoStack[this.undoStack.length - 1];
    if (shape && top?.typing && top.block === applied.block && top.kind === shape.kind && now - top.time < TYPING_PAUSE_MS) {
      const contiguous = shape.kind === 'insert' ? shape.start === top.end : shape.end === top.start || shape.start === top.start;
      const newWord = shape.kind === 'insert' && isSpace(shape.text[0]) && !isSpace(top.edge);
      if (contiguous && !newWord) {
        top.ops = [{ ...top.ops[0], ops: compose(ops[0].ops, top.ops[0].ops) }];
        Object.assign(top, { start: Math.min(top.start, shape.start), end: shape.kind === 'insert' ? shape.end : shape.start });
        Object.assign(top, { time: now, edge: shape.text[shape.text.length - 1] });
        return;
      }
    }
    this.undoStack.push(shape
      ? { ops, typing: true, block: applied.block, kind: shape.kind, start: shape.start, end: shape.kind === 'insert' ? shape.end : shape.start, time: now, edge: shape.text[shape.text.length - 1] }
      : { ops });
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
  }

  /** Applies one step of `from` as new changes and puts its inverse on `to`. */
  replay(from, to) {
    for (const s of this.undoStack) s.typing = false; // typing after an undo or redo starts a new step
    while (from.length > 0) {
      const step = from.pop();
      const applied = [];
      const inverse = [];
      for (const op of step.ops) {
        try {
          const done = this.applyQueued(op);
          applied.push(done.applied);
          inverse.unshift(...inverseOf(done.applied, done.before));
        } catch (e) {
          if (!(e instanceof EditError)) throw e; // no longer fits (the block is gone): skip it
        }
      }
      if (applied.length > 0) {
        to.push({ ops: inverse });
        return applied;
      }
    }
    return [];
  }

  /**
   * Carries undo and redo steps over `y`, an operation just applied to local by someone else's change, with the
   * server's rules, so that undo never takes back someone else's words. A step that no longer fits is forgotten.
   */
  carryHistory(y) {
    if (!y.block) return; // the layout marker of `differences`
    for (const stack of [this.undoStack, this.redoStack]) {
      let over = [y];
      for (let i = stack.length - 1; i >= 0; i -= 1) {
        const step = stack[i];
        try {
          [step.ops, over] = lists(step.ops, over, []);
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
          step.ops = [];
        }
        step.typing = false;
      }
      const kept = stack.filter((s) => s.ops.length > 0);
      stack.splice(0, stack.length, ...kept);
    }
  }

  /** Applies one change of the server's log (the next revision). */
  process(change, effects) {
    const before = this.confirmed.blocks;
    const confirmed = before.slice();
    for (const y of change.ops) applyOp(confirmed, y); // throws if the log does not fit: nothing changed then
    this.confirmed = { revision: change.revision, blocks: confirmed };
    const first = this.outbox[0];
    if (first && first.submission && first.changeId === change.changeId) {
      this.outbox.shift();
      this.settle(first, change.ops);
      if (!sameOps(first.ops, change.ops)) this.rebuild(effects);
      return;
    }
    this.carryOutbox(before, change.ops, effects);
  }

  /**
   * Someone else's change `ops`, made on `before`: the outbox is carried over it, and it over the outbox, with the
   * server's own rules, pair by pair on the documents they apply to, so that every entry stays an operation on
   * confirmed plus the entries before it. In text mode the carried-over change is applied to local (text edits and
   * any change commute); otherwise local is confirmed with the carried-over outbox replayed.
   */
  carryOutbox(before, ops, effects) {
    const textMode = this.isTextMode();
    const replay = before.slice();
    const carried = [];
    let remote = ops;
    try {
      for (const entry of this.outbox) {
        const discarded = [];
        const [mine, theirs] = listsAt(replay, entry.ops, remote, discarded);
        for (const x of entry.ops) applyOp(replay, x);
        carried.push({ entry, ops: mine.map(submitForm), discarded });
        remote = theirs;
      }
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      this.rebuild(effects); // should not happen: the outbox always applies to confirmed
      return;
    }
    for (const { entry, ops: mine, discarded } of carried) {
      entry.ops = mine;
      if (!entry.submission) for (const d of discarded) this.report(d.block, d.reason, d.text); // the server reports sent ones
    }
    const old = this.local;
    const shown = old.slice();
    let applied = [];
    try {
      applied = remote.map((y) => applyOp(shown, y));
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      applied = null;
    }
    this.local = textMode && applied ? shown : this.replayOutbox();
    this.cutEntries();
    this.recomputeBases();
    if (applied && sameBlocks(shown, this.local)) {
      for (const done of applied) {
        effects.push(done);
        this.carryHistory(done);
      }
    } else this.showDifferences(old, effects);
  }

  /** confirmed with every outbox entry applied again; an operation that no longer fits is dropped (and reported if unsent). */
  replayOutbox() {
    const blocks = this.confirmed.blocks.slice();
    for (const entry of this.outbox) {
      entry.ops = entry.ops.filter((x) => {
        try {
          applyOp(blocks, x);
          return true;
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
          if (!entry.submission) this.report(x.block, e.code, opText(x));
          return false;
        }
      });
    }
    return blocks;
  }

  /** Local changed from `old` by other means than one's own edits: tell the page and carry the history over it. */
  showDifferences(old, effects) {
    for (const op of differences(old, this.local)) {
      effects.push(op);
      this.carryHistory(op);
    }
  }

  /** An own change acknowledged through Changed: report what it could not apply unless the server's answer will. */
  settle(entry, appliedOps) {
    const { changeId } = entry;
    if (this.heardFromServer.delete(changeId)) return;
    if (this.awaiting === changeId) this.acknowledgedEarly = { submission: entry.submission, ops: appliedOps };
    else this.reportUnapplied(entry.submission, appliedOps);
  }

  /** Without the server's list: if the change as applied inserts less than was submitted, report what was typed. */
  reportUnapplied(submission, appliedOps) {
    const typed = opText(submission.op);
    const kept = appliedOps.map(opText).join('');
    if (typed && kept !== typed) this.report(submission.op.block, 'deleted', typed, '', serverKey(submission.changeId, 0));
  }

  /** Unsent entries holding several operations become one entry each (a submission carries one); empty unsent entries go. */
  cutEntries() {
    const out = [];
    for (const entry of this.outbox) {
      if (entry.submission || entry.ops.length === 1) out.push(entry);
      else entry.ops.forEach((op, k) => out.push({ ...entry, changeId: k === 0 ? entry.changeId : this.newChangeId(), ops: [op] }));
    }
    this.outbox = out;
  }

  /** Each entry's base texts (its blocks' texts before each of its operations), by replaying the outbox on confirmed. */
  recomputeBases() {
    const blocks = this.confirmed.blocks.slice();
    for (const entry of this.outbox) {
      entry.bases = entry.ops.map((x) => {
        const base = textOf(blocks, x.block);
        try {
          applyOp(blocks, x);
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
        }
        return base;
      });
    }
  }

  /**
   * After a refusal, an acknowledgement that differs from what this client expected, or a restore: local :=
   * confirmed, then every outbox entry again, text edits carried over what changed in their block since they were
   * made (a prefix/suffix diff from their base text, the other change first at ties), other operations as they are
   * when they still fit. What cannot be applied is dropped and reported (for unsent entries; the server reports
   * sent ones).
   */
  rebuild(effects) {
    const old = this.local;
    const blocks = this.confirmed.blocks.slice();
    for (const entry of this.outbox) {
      const ops = [];
      const bases = [];
      entry.ops.forEach((x, k) => {
        const current = textOf(blocks, x.block);
        const base = entry.bases?.[k];
        try {
          const op = x.type === 'text' && current !== null && typeof base === 'string'
            ? { ...x, ops: transform(x.ops, diff(base, current), false)[0] }
            : x;
          if (op.type === 'text' && isIdentity(op.ops)) return;
          applyOp(blocks, op);
          ops.push(op);
          bases.push(current);
        } catch (e) {
          if (!(e instanceof EditError)) throw e;
          if (!entry.submission) this.report(x.block, current === null ? 'deleted' : e.code, opText(x));
        }
      });
      entry.ops = ops;
      entry.bases = bases;
    }
    this.local = blocks;
    this.cutEntries();
    this.showDifferences(old, effects);
  }

  /** A refused submission: report and drop it (or, for locks and lost rights, everything unsent), then rebuild. */
  refuse(submission, code, message) {
    const first = this.outbox[0];
    if (!first || first.changeId !== submission.changeId) return { effects: [], gap: false };
    if (REFUSE_ALL.has(code)) return { ...this.abandon(code, message), gap: false };
    this.reportEntry(this.outbox.shift(), code, message);
    const effects = [];
    this.rebuild(effects);
    return { effects, gap: false };
  }

  /**
   * Gives up on everything unsent because the server will not take it (or this client lost track of the log): every
   * entry's text is reported, the outbox emptied and local rebuilt from confirmed. Returns `{effects}`.
   */
  abandon(code, message = '') {
    for (const entry of this.outbox.splice(0)) this.reportEntry(entry, code, message);
    this.awaiting = null;
    const effects = [];
    this.rebuild(effects);
    return { effects };
  }

  reportEntry(entry, code, message) {
    for (const op of entry.submission ? [entry.submission.op] : entry.ops) this.report(op.block, code, opText(op), message);
  }

  /**
   * Keeps text that could not be applied, to show the user. `key` names it to the server: `s.{changeId}.{n}` for text
   * the server kept itself (its answer listed it), otherwise a fresh `l.{random}` that the editor asks the server to
   * keep (KeepUnapplied). `paragraph` is the block as the user has it now (their typing included) and `after` the
   * block before it, and `base` the block as confirmed by the server (what `paragraph` was typed from), so that it can
   * be proposed again as an amendment without undoing what others changed since.
   */
  report(block, reason, text, message = '', key = localKey()) {
    if (!text) return;
    this.reportCounter += 1;
    const index = this.local.findIndex((b) => b.id === block);
    // Only a paragraph that holds the typing (not, say, a fresh copy after damaged saved state) stands for it.
    const paragraph = index >= 0 && this.local[index].text.includes(text) ? this.local[index].text : null;
    const after = index > 0 ? this.local[index - 1].id : null;
    const base = textOf(this.confirmed.blocks, block); // what the paragraph was typed from, as the server last said
    this.reports.push({ id: this.reportCounter, block, reason, text, message, key, paragraph, after, base, kept: key.startsWith('s.') });
  }
}

/** The key under which the server keeps text it discarded from change `changeId` (the n-th item of its answer). */
function serverKey(changeId, n) {
  return `s.${changeId}.${n}`;
}

/** A key for text the editor asks the server to keep; not drawn from the client's seeded random (ids stay in step). */
function localKey() {
  const bytes = new Uint8Array(12);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return `l.${Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
}

/** The text an operation brings in: what a text edit inserts, or an inserted block's text. */
function opText(op) {
  if (op.type === 'text') return insertedText(op.ops);
  if (op.type === 'insert') return op.text;
  return '';
}

/** What a text edit is for undo grouping: one insert or one delete at one place, or null. */
function typingShape(ops, before) {
  const body = ops.filter((c) => !isRetain(c));
  if (body.length !== 1) return null;
  const start = isRetain(ops[0]) ? ops[0] : 0;
  const c = body[0];
  return isInsert(c)
    ? { kind: 'insert', start, end: start + c.length, text: c }
    : { kind: 'delete', start, end: start - c, text: before.slice(start, start - c) };
}

/** Operations turning the blocks `old` into `now` as far as the editor's undo and caret care: deletes and text diffs. */
function differences(old, now) {
  const ops = [];
  const current = new Map(now.map((b) => [b.id, b]));
  const previous = new Map(old.map((b) => [b.id, b]));
  old.forEach((b, i) => {
    if (!current.has(b.id)) ops.push({ type: 'delete', block: b.id, after: i > 0 ? old[i - 1].id : null, text: b.text, kind: b.kind, level: b.level });
  });
  for (const b of now) {
    const was = previous.get(b.id);
    if (!was) ops.push({ type: 'insert', block: b.id, after: null, kind: b.kind, level: b.level, text: b.text });
    else {
      if (was.text !== b.text) ops.push({ type: 'text', block: b.id, ops: editScript(was.text, b.text) });
      if (was.kind !== b.kind || was.level !== b.level) {
        ops.push({ type: 'restyle', block: b.id, kind: b.kind, level: b.level, wasKind: was.kind, wasLevel: was.level });
      }
    }
  }
  if (old.map((b) => b.id).join() !== now.map((b) => b.id).join()) ops.push({ type: 'layout' });
  return ops;
}

function sameBlocks(a, b) {
  return a.length === b.length
    && a.every((x, i) => x.id === b[i].id && x.kind === b[i].kind && x.level === b[i].level && x.text === b[i].text);
}
