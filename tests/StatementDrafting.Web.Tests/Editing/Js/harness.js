// Test harness around drafting-core.js, loaded by Jint next to it. Everything crosses the boundary as JSON strings.
import * as core from 'drafting-core';

/** A small seeded random generator (mulberry32), so that ids made by the clients repeat from run to run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const attempt = (f) => {
  try {
    return f();
  } catch (e) {
    return { error: e.code || String(e) };
  }
};

/**
 * Runs text-operation cases in one go: each case `{text, a, b, c, aFirst}` (c applies to a's result) gets
 * `{apply, compose, transform, invert, diff}` results (or `{error}`).
 */
export function textCases(json) {
  const cases = JSON.parse(json);
  return JSON.stringify(cases.map((k) => ({
    apply: attempt(() => core.apply(k.a, k.text)),
    compose: attempt(() => core.compose(k.a, k.c)),
    transform: attempt(() => core.transform(k.a, k.b, k.aFirst)),
    invert: attempt(() => core.invert(k.a, k.text)),
    diff: attempt(() => core.diff(k.text, k.other)),
    caretDiff: attempt(() => core.apply(core.diff(k.text, k.other, k.caret), k.text)),
    script: attempt(() => core.apply(core.editScript(k.text, k.other, k.aFirst ? 400 : 2), k.text)),
    split: attempt(() => core.splitOps(k.a, k.at)),
    position: attempt(() => core.transformPosition(k.at, k.a, k.aFirst)),
  })));
}

/**
 * Runs block-transformation cases in one go: `{incoming, applied}` (one applied operation) or `{incoming, changes}`
 * (lists of applied operations) gets `{ops, discarded}` from transformOp or rebaseOp (or `{error}`).
 */
export function transformCases(json) {
  return JSON.stringify(JSON.parse(json).map((k) => attempt(() => (k.changes
    ? core.rebaseOp(k.incoming, k.changes)
    : core.transformOp(k.incoming, k.applied)))));
}

const peers = [];

/** A new client: `{statementId, snapshot, saved, seed}`; returns its number. */
export function newPeer(json) {
  const o = JSON.parse(json);
  peers.push(new core.DraftingClient({
    statementId: o.statementId, snapshot: o.snapshot, saved: o.saved ?? null, random: seeded(o.seed ?? 1),
  }));
  return peers.length - 1;
}

/** Calls one method of client `i` with a JSON argument; returns JSON. */
export function call(i, method, argJson) {
  const p = peers[i];
  const arg = argJson == null ? undefined : JSON.parse(argJson);
  const result = attempt(() => {
    switch (method) {
      case 'edit': return p.edit(arg.op, arg.now ?? 0);
      case 'take': return p.takeSubmission();
      case 'ack': return p.acknowledge(arg.submission, arg.answer);
      case 'failed': return p.submitFailed(arg) ?? null;
      case 'receive': return p.receive(arg);
      case 'catchUp': return p.catchUp(arg);
      case 'undo': return p.undo();
      case 'redo': return p.redo();
      case 'newBlockId': return p.newBlockId();
      case 'save': return p.save();
      case 'outbox': return p.outbox;
      case 'state':
        return {
          revision: p.revision, blocks: p.blocks, confirmed: p.confirmed.blocks, outbox: p.outbox.length,
          textMode: p.isTextMode(), reports: p.reports, awaiting: p.awaiting,
        };
      default: throw new Error(`unknown method ${method}`);
    }
  });
  return JSON.stringify(result ?? null);
}
