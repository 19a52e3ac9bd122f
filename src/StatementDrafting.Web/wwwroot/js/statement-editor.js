// statement-editor.js: the editing surface of a statement for co-hosts and organisers (see docs/editor.md).
// It owns the DOM inside the host element: Blazor renders the host once and never re-renders inside it. The logic
// (operations, outbox, transformation, undo) lives in drafting-core.js; this module turns keystrokes into operations,
// applies the server's changes without moving the caret, and talks to the Blazor circuit through `dotnet`.

import { DraftingClient, EditError, diff, mapPoint } from './drafting-core.js';

const FLUSH_MS = 100; // at most one submission per 100 ms: fast typing is batched, far below 30 messages a second
const PRESENCE_MS = 500;
const RETRY_MS = 1000;
const POLL_MS = 2000;
const HIGHLIGHT_MS = 1600;
const ANNOUNCE_MS = 4000;
const SAVED_AFTER_MS = 800; // "All changes saved" only once saving has been quiet for a moment
const TAB_KEY = 'statement-editor-tab';
const HEARTBEAT_MS = 5000; // a tab renews the time on its kept copy this often
// A kept copy not renewed for this long belongs to a tab that is gone. Browsers slow the timers of hidden tabs to
// about once a minute, so this leaves room for that; a tab that is closed marks its copy as free at once.
const ORPHAN_MS = 5 * 60 * 1000;
const KEEP_RETRY_MS = 5000;
const TRANSIENT_KEEP = new Set(['rate_limited', 'not_joined']);

const STATUS = {
  saved: 'All changes saved',
  saving: 'Saving…',
  offline: 'Offline: keep typing, your changes are kept on this device and sent when the connection returns',
  locked: 'Locked',
  readonly: 'You can read this statement but not edit it',
};

const REASONS = {
  deleted: 'The paragraph was deleted while you were typing.',
  locked: 'The statement was locked.',
  forbidden: 'You may no longer edit this statement.',
  unauthenticated: 'You are no longer signed in.',
  too_long: 'The paragraph would have been longer than 20,000 characters.',
  too_many_blocks: 'The statement would have had more than 1,000 paragraphs.',
  stale_revision: 'The editor lost track of the statement and had to reload it.',
  out_of_sync: 'The editor lost track of the statement and had to reload it.',
};

const KINDS = [
  ['h1', 'Heading 1'], ['h2', 'Heading 2'], ['h3', 'Heading 3'],
  ['numbered', 'Numbered paragraph'], ['unnumbered', 'Unnumbered paragraph'],
];

const SHORTCUTS = [
  ['Enter', 'split the paragraph at the caret'],
  ['Ctrl+Enter', 'add a paragraph after this one'],
  ['Backspace at the start', 'join with the paragraph before'],
  ['Delete at the end', 'join with the paragraph after'],
  ['Alt+↑ / Alt+↓', 'move the paragraph up or down'],
  ['Ctrl+Alt+1, 2, 3', 'make it a heading of that level'],
  ['Ctrl+Alt+0', 'make it a numbered paragraph'],
  ['Ctrl+Alt+9', 'make it an unnumbered paragraph'],
  ['Ctrl+Shift+Backspace', 'delete the paragraph (Ctrl+Z brings it back)'],
  ['Ctrl+Z, Ctrl+Y (Ctrl+Shift+Z)', 'undo and redo your own changes'],
];

const autoGrows = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content');

/**
 * Starts the editor in `element`. options: `{statementId, storageKey, canEdit, locked, snapshot: {revision, blocks}}`.
 * Returns the handle the other functions take.
 */
export function start(element, dotnet, options) {
  const editor = new Editor(element, dotnet, options);
  editor.start();
  return editor;
}

/** One protocol Changed message, as JSON. */
export function receive(handle, changedJson) {
  handle.receive(JSON.parse(changedJson));
}

/** The server dropped messages meant for this editor: read what was missed from the log. */
export function catchUp(handle) {
  handle.catchUp();
}

export function setLocked(handle, locked, canEdit) {
  handle.setLocked(locked, canEdit);
}

/** How many amendments are open on each block: `{blockId: count}` as JSON (shown beside each block). */
export function setAmendmentCounts(handle, countsJson) {
  handle.setAmendmentCounts(JSON.parse(countsJson));
}

/** The protocol's PresenceChanged payload, as JSON. */
export function setPresence(handle, presenceJson) {
  handle.setPresence(JSON.parse(presenceJson));
}

export function stop(handle) {
  handle.stop();
}

// ---------------------------------------------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && !key.startsWith('aria')) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function randomFraction() {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return buffer[0] / 4294967296;
}

function tabId() {
  try {
    let id = sessionStorage.getItem(TAB_KEY);
    if (!id) {
      id = String(Math.floor(randomFraction() * 1e12));
      sessionStorage.setItem(TAB_KEY, id);
    }
    return id;
  } catch {
    return 'tab';
  }
}

const kindValue = (b) => (b.kind === 'heading' ? `h${b.level}` : b.kind);
const kindOf = (value) => (value.startsWith('h') ? { kind: 'heading', level: Number(value.slice(1)) } : { kind: value, level: 0 });

class Editor {
  constructor(host, dotnet, options) {
    this.host = host;
    this.dotnet = dotnet;
    this.options = options;
    this.storageKey = options.storageKey;
    this.canEdit = options.canEdit !== false;
    this.locked = !!options.locked;
    this.rows = new Map(); // block id -> {row, textarea, label, kind, presence}
    this.offline = false;
    this.stopped = false;
    this.composing = false;
    this.deferred = []; // work held back while an input method composes text
    this.inFlight = null; // the submission whose answer is awaited
    this.catchingUp = false;
    this.lastSent = 0;
    this.timers = new Set();
    this.flushTimer = null;
    this.lastWritten = null;
    this.storageFailed = false;
    this.presence = { wanted: null, sent: undefined, timer: null, last: 0 };
    this.announced = { pending: new Set(), timer: null };
    this.listeners = [];
    this.keeping = new Set(); // keys of reported texts being sent to the server to keep
    this.amendmentCounts = options.amendmentCounts ?? {};
    /** Where paragraphs came from, `{blockId: "from: ..."}`: a small line under each (ADR 0014). */
    this.sources = options.sources ?? {};
  }

  // ----- life cycle -----

  start() {
    // Each tab keeps its own copy (two tabs of one statement must not overwrite each other's unsent text). A copy
    // whose tab is gone (closed, crashed: no heartbeat for a while) is taken over by the next tab that has none.
    this.tab = tabId();
    this.ownKey = `${this.storageKey}:${this.tab}`;
    let saved = null;
    let adopted = null;
    try {
      saved = localStorage.getItem(this.ownKey);
      if (!saved) {
        adopted = this.findOrphan();
        saved = adopted?.json ?? null;
      }
    } catch {
      // storage blocked: the editor still works, without surviving a reload
    }
    this.client = new DraftingClient({
      statementId: this.options.statementId, snapshot: this.options.snapshot, saved, random: randomFraction,
    });
    if (adopted) {
      this.persist(); // now under this tab's key: resent with the same change ids, so the server applies it once
      try {
        if (!this.storageFailed) localStorage.removeItem(adopted.key); // never the only copy on the device
      } catch {
        // nothing to tidy
      }
    }
    this.heartbeat();
    this.build();
    this.render();
    this.renderReports();
    const readonly = this.host.previousElementSibling;
    if (readonly?.classList.contains('statement-readonly')) {
      this.readonlyView = readonly;
      readonly.hidden = true;
    }
    this.listen(this.host, 'input', (e) => this.onInput(e));
    this.listen(this.host, 'keydown', (e) => this.onKeyDown(e));
    this.listen(this.host, 'beforeinput', (e) => this.onBeforeInput(e));
    this.listen(this.host, 'focusin', (e) => this.onFocus(e.target));
    this.listen(this.host, 'focusout', (e) => {
      if (!this.host.contains(e.relatedTarget)) this.wantPresence(null);
    });
    this.listen(this.host, 'compositionstart', () => {
      this.composing = true;
    });
    this.listen(this.host, 'compositionend', () => {
      this.composing = false;
      for (const work of this.deferred.splice(0)) work();
    });
    this.listen(this.host, 'change', (e) => this.onKindChange(e));
    this.listen(this.host, 'click', (e) => this.onClick(e));
    // Leaving (closing the tab, or reloading it): the copy is marked as free to take over. A reload finds it again under
    // this tab's key first; after a close, the next tab on this statement takes it and delivers it.
    this.listen(window, 'pagehide', () => this.persist(true));
    const modal = document.getElementById('components-reconnect-modal');
    if (modal) this.listen(modal, 'components-reconnect-state-changed', (e) => this.onReconnectState(e.detail?.state));
    this.persist();
    this.updateStatus();
    if (this.client.restored) this.catchUp(); // then the first change is sent again, with its change id
    else this.scheduleFlush();
  }

  stop() {
    if (this.stopped) return;
    this.persist();
    this.stopped = true;
    for (const [target, type, handler] of this.listeners) target.removeEventListener(type, handler);
    for (const timer of this.timers) clearTimeout(timer);
    this.host.replaceChildren();
    this.host.classList.remove('statement-editor');
    for (const key of ['statementEditor', 'editorState', 'unsaved']) delete this.host.dataset[key];
    if (this.readonlyView) this.readonlyView.hidden = false;
  }

  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.listeners.push([target, type, handler]);
  }

  later(ms, work) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) work();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** Runs `work` now, or after the input method has finished composing (so the text under it does not change). */
  whenIdle(work) {
    if (this.composing) this.deferred.push(work);
    else work();
  }

  // ----- the DOM -----

  build() {
    this.host.dataset.statementEditor = '';
    this.host.classList.add('statement-editor');
    this.status = el('p', { id: 'editor-status', className: 'editor-status', role: 'status' });
    const help = el('details', { className: 'editor-help' },
      el('summary', {}, 'Keyboard shortcuts'),
      el('dl', {}, ...SHORTCUTS.flatMap(([keys, what]) => [el('dt', {}, keys), el('dd', {}, what)])));
    this.reportList = el('ul', { className: 'editor-not-applied-list' });
    this.reportPanel = el('section', { className: 'editor-not-applied', hidden: true, 'aria-labelledby': 'editor-not-applied-title' },
      el('h2', { id: 'editor-not-applied-title' }, 'Not applied'),
      el('p', {}, 'This text could not be added to the statement. Copy it to keep it; it is also kept in the statement\u2019s history.'),
      this.reportList);
    this.list = el('div', { className: 'editor-blocks' });
    this.empty = el('p', { className: 'editor-empty', hidden: true }, 'The statement is empty. ',
      el('button', { type: 'button', dataset: { action: 'first' } }, 'Add a paragraph'));
    this.announcer = el('p', { className: 'visually-hidden', 'aria-live': 'polite' });
    this.host.replaceChildren(
      el('div', { className: 'editor-bar' }, this.status, help), this.reportPanel, this.empty, this.list, this.announcer);
  }

  createRow(id) {
    const textarea = el('textarea', { rows: 1, spellcheck: true, maxLength: 20000, dataset: { blockId: id } });
    const kind = el('select', { className: 'editor-block-kind', 'aria-label': 'Kind of paragraph', dataset: { blockKind: id } },
      ...KINDS.map(([value, text]) => el('option', { value }, text)));
    const label = el('span', { className: 'editor-block-label', 'aria-hidden': 'true' });
    const presence = el('p', { className: 'editor-block-presence' });
    const flash = el('span', { className: 'editor-block-flash', 'aria-hidden': 'true' }, 'Changed');
    const amendments = el('a', { className: 'editor-block-amendments', hidden: true, target: '_blank', rel: 'noopener', dataset: { blockAmendments: id } });
    const source = el('p', { className: 'editor-block-source meta', hidden: true, dataset: { blockSource: id } });
    const row = el('div', { className: 'editor-block', dataset: { blockRow: id } },
      el('div', { className: 'editor-block-gutter' }, label, kind),
      el('div', { className: 'editor-block-body' }, textarea, presence, amendments, source, flash));
    return { row, textarea, label, kind, presence, amendments, source };
  }

  /** Brings the DOM in line with the client's blocks: creates, removes, orders and labels rows; sets changed text. */
  render() {
    const editable = this.editable();
    let number = 0;
    let previous = null;
    const seen = new Set();
    for (const block of this.client.blocks) {
      let r = this.rows.get(block.id);
      if (!r) {
        r = this.createRow(block.id);
        this.rows.set(block.id, r);
      }
      seen.add(block.id);
      if (block.kind === 'numbered') number += 1;
      const name = block.kind === 'heading' ? `Heading level ${block.level}` : block.kind === 'numbered' ? `Paragraph ${number}` : 'Unnumbered paragraph';
      const label = block.kind === 'heading' ? `H${block.level}` : block.kind === 'numbered' ? `¶${number}` : '¶';
      if (r.label.textContent !== label) r.label.textContent = label;
      r.name = name;
      if (r.textarea.getAttribute('aria-label') !== name) r.textarea.setAttribute('aria-label', name);
      r.row.className = `editor-block editor-block-${block.kind}${block.kind === 'heading' ? ` editor-block-h${block.level}` : ''}`;
      if (r.kind.value !== kindValue(block)) r.kind.value = kindValue(block);
      r.textarea.readOnly = !editable;
      r.kind.disabled = !editable;
      if (r.textarea.value !== block.text) {
        r.textarea.value = block.text;
        this.grow(r.textarea);
      }
      this.showAmendments(r, block.id, name);
      const from = this.sources?.[block.id] ?? '';
      r.source.hidden = from === '';
      if (r.source.textContent !== from) r.source.textContent = from;
      const wanted = previous ? previous.nextSibling : this.list.firstChild;
      if (wanted !== r.row) this.list.insertBefore(r.row, wanted);
      previous = r.row;
    }
    for (const [id, r] of this.rows) {
      if (!seen.has(id)) {
        r.row.remove();
        this.rows.delete(id);
      }
    }
    this.empty.hidden = this.client.blocks.length > 0;
    this.empty.querySelector('button').disabled = !editable;
  }

  setAmendmentCounts(counts) {
    this.amendmentCounts = counts ?? {};
    this.render();
  }

  /** The link to a block's open amendments (a new tab, so the editor stays as it is), when it has any. */
  showAmendments(r, id, name) {
    const count = this.amendmentCounts?.[id] ?? 0;
    r.amendments.hidden = count === 0;
    if (count === 0) return;
    const text = count === 1 ? '1 open amendment' : `${count} open amendments`;
    if (r.amendments.textContent !== text) r.amendments.textContent = text;
    r.amendments.href = `statements/${this.options.statementId}/amendments?paragraph=${encodeURIComponent(id)}`;
    r.amendments.setAttribute('aria-label', `${text} to ${name.toLowerCase()} (opens in a new tab)`);
  }

  grow(textarea) {
    if (autoGrows) return;
    textarea.style.height = 'auto';
    textarea.style.height = `${textarea.scrollHeight}px`;
  }

  editable() {
    return this.canEdit && !this.locked;
  }

  /** The caret and selection, if they are in one of the blocks. */
  selection() {
    const active = document.activeElement;
    const block = active?.dataset?.blockId;
    if (!block || !this.host.contains(active)) return null;
    return {
      start: { block, offset: active.selectionStart },
      end: { block, offset: active.selectionEnd },
      direction: active.selectionDirection,
    };
  }

  /** Puts the caret (or selection) at points `{block, offset}`; `focus` also moves the focus there. */
  place(start, end = start, direction = 'none') {
    const r = start && this.rows.get(start.block);
    if (!r) return;
    if (document.activeElement !== r.textarea) r.textarea.focus({ preventScroll: true });
    const to = end && end.block === start.block ? end.offset : start.offset;
    r.textarea.setSelectionRange(start.offset, Math.max(start.offset, to), direction);
  }

  /** Someone else's changes (or a rebuild) changed local: re-render, keep the caret where it was in the text. */
  showRemote(effects) {
    if (effects.length === 0) return;
    const selection = this.selection();
    let { start, end } = selection ?? {};
    const changed = new Set();
    for (const op of effects) {
      start = mapPoint(start, op);
      end = mapPoint(end, op);
      if (op.block) changed.add(op.block);
      if (op.type === 'split') changed.add(op.newBlock);
    }
    this.render();
    if (selection) {
      if (start) this.place(start, end, selection.direction);
      else this.placeNear(selection.start.block);
    }
    this.highlight(changed);
  }

  /** The caret's block is gone: go to the end of the block now in its place (or the last one). */
  placeNear() {
    const blocks = this.client.blocks;
    const target = blocks[blocks.length - 1];
    if (target) this.place({ block: target.id, offset: target.text.length });
  }

  highlight(ids) {
    for (const id of ids) {
      const r = this.rows.get(id);
      if (!r) continue;
      r.row.classList.add('is-changed');
      clearTimeout(r.flashTimer);
      r.flashTimer = this.later(HIGHLIGHT_MS, () => r.row.classList.remove('is-changed'));
      this.announced.pending.add(r.name);
    }
    if (this.announced.pending.size > 0 && !this.announced.timer) {
      this.announced.timer = this.later(ANNOUNCE_MS, () => {
        this.announced.timer = null;
        const names = [...this.announced.pending];
        this.announced.pending.clear();
        this.announcer.textContent = `Changed by others: ${names.join(', ')}.`;
      });
    }
  }

  say(text) {
    this.announcer.textContent = text;
  }

  // ----- typing and shortcuts -----

  onInput(e) {
    const textarea = e.target;
    const id = textarea.dataset?.blockId;
    if (!id) return;
    const before = this.textOf(id);
    if (before === null || !this.editable()) {
      this.render();
      return;
    }
    if (textarea.value === before) return;
    const ops = diff(before, textarea.value, textarea.selectionEnd);
    if (this.edit({ type: 'text', block: id, ops })) this.grow(textarea);
    else {
      const caret = Math.min(textarea.selectionStart, before.length);
      textarea.value = before;
      textarea.setSelectionRange(caret, caret);
    }
  }

  onBeforeInput(e) {
    if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') {
      e.preventDefault();
      this.history(e.inputType === 'historyUndo');
    }
  }

  onKeyDown(e) {
    const textarea = e.target;
    const id = textarea.dataset?.blockId;
    if (!id || e.isComposing || e.defaultPrevented) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const action = this.shortcut(e, ctrl, key);
    if (!action) return;
    e.preventDefault();
    if (this.editable()) action(id, textarea);
  }

  /** The action for a key press, or null to let the textarea have it. */
  shortcut(e, ctrl, key) {
    if (e.getModifierState?.('AltGraph')) return null; // AltGr (Ctrl+Alt on Windows) types characters such as ] and }
    const { altKey: alt, shiftKey: shift } = e;
    if (ctrl && !alt && key === 'z') return () => this.history(!shift);
    if (ctrl && !alt && !shift && key === 'y') return () => this.history(false);
    if (e.ctrlKey && alt && /^Digit[01239]$/.test(e.code)) {
      const digit = e.code.slice(5);
      const style = digit === '0' ? kindOf('numbered') : digit === '9' ? kindOf('unnumbered') : kindOf(`h${digit}`);
      return (id, t) => this.restyle(id, style, t);
    }
    if (alt && !ctrl && !shift && (key === 'ArrowUp' || key === 'ArrowDown')) return (id, t) => this.move(id, key === 'ArrowUp' ? -1 : 1, t);
    if (key === 'Enter' && ctrl && !alt && !shift) return (id) => this.addAfter(id);
    if (key === 'Enter' && !ctrl && !alt && !shift) return (id, t) => this.split(id, t);
    if (key === 'Backspace' && ctrl && shift && !alt) return (id) => this.remove(id);
    const caret = e.target.selectionStart === e.target.selectionEnd ? e.target.selectionStart : -1;
    if (key === 'Backspace' && !ctrl && !alt && !shift && caret === 0) return (id) => this.joinPrevious(id);
    if (key === 'Delete' && !ctrl && !alt && !shift && caret === e.target.value.length) return (id) => this.joinNext(id);
    return null;
  }

  onKindChange(e) {
    const id = e.target.dataset?.blockKind;
    if (id && this.editable()) this.restyle(id, kindOf(e.target.value));
  }

  onClick(e) {
    const button = e.target.closest?.('button');
    if (!button) return;
    const { action, report } = button.dataset;
    if (action === 'first' && this.editable()) {
      const id = this.client.newBlockId();
      this.structural({ type: 'insert', block: id, after: null, kind: 'numbered', level: 0, text: '' }, { block: id, offset: 0 });
    } else if (action === 'copy') this.copy(Number(report));
    else if (action === 'dismiss') {
      this.client.dismissReport(Number(report));
      this.persist();
      this.renderReports();
    }
  }

  onFocus(target) {
    const id = target.dataset?.blockId;
    if (id) this.wantPresence(id);
  }

  textOf(id) {
    return this.client.blocks.find((b) => b.id === id)?.text ?? null;
  }

  indexOf(id) {
    return this.client.blocks.findIndex((b) => b.id === id);
  }

  /** Applies a local operation; false (and a spoken reason) when it does not fit. */
  edit(op) {
    try {
      this.client.edit(op, Date.now());
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      this.say(REASONS[err.code] ?? err.message);
      return false;
    }
    this.changedLocally();
    return true;
  }

  structural(op, caret) {
    if (!this.edit(op)) return false;
    this.render();
    this.place(caret);
    return true;
  }

  split(id, textarea) {
    const { selectionStart: start, selectionEnd: end } = textarea;
    const before = this.textOf(id);
    if (end > start && !this.edit({ type: 'text', block: id, ops: diff(before, before.slice(0, start) + before.slice(end)) })) return;
    const block = this.client.blocks[this.indexOf(id)];
    const kind = block.kind === 'unnumbered' ? 'unnumbered' : 'numbered';
    const newBlock = this.client.newBlockId();
    this.structural({ type: 'split', block: id, offset: start, newBlock, kind, level: 0 }, { block: newBlock, offset: 0 });
  }

  addAfter(id) {
    const block = this.client.newBlockId();
    this.structural({ type: 'insert', block, after: id, kind: 'numbered', level: 0, text: '' }, { block, offset: 0 });
  }

  joinPrevious(id) {
    const i = this.indexOf(id);
    if (i <= 0) return;
    const previous = this.client.blocks[i - 1];
    this.structural({ type: 'join', block: previous.id, next: id }, { block: previous.id, offset: previous.text.length });
  }

  joinNext(id) {
    const i = this.indexOf(id);
    const next = this.client.blocks[i + 1];
    if (!next) return;
    this.structural({ type: 'join', block: id, next: next.id }, { block: id, offset: this.textOf(id).length });
  }

  move(id, direction, textarea) {
    const blocks = this.client.blocks;
    const i = this.indexOf(id);
    const target = i + direction;
    if (target < 0 || target >= blocks.length) return;
    const after = direction < 0 ? (target > 0 ? blocks[target - 1].id : null) : blocks[target].id;
    const caret = { block: id, offset: textarea.selectionStart };
    if (this.structural({ type: 'move', block: id, after }, caret)) this.say(`Moved ${direction < 0 ? 'up' : 'down'}.`);
  }

  restyle(id, style, textarea) {
    const caret = { block: id, offset: textarea ? textarea.selectionStart : 0 };
    const block = this.client.blocks[this.indexOf(id)];
    if (block.kind === style.kind && block.level === style.level) return;
    if (this.structural({ type: 'restyle', block: id, ...style }, textarea ? caret : null)) this.say(`Now: ${this.rows.get(id).name}.`);
  }

  remove(id) {
    const blocks = this.client.blocks;
    const i = this.indexOf(id);
    const neighbour = blocks[i - 1] ?? blocks[i + 1];
    const caret = neighbour ? { block: neighbour.id, offset: neighbour === blocks[i - 1] ? neighbour.text.length : 0 } : null;
    if (this.structural({ type: 'delete', block: id }, caret)) this.say('Paragraph deleted. Ctrl+Z brings it back.');
  }

  history(undo) {
    if (!this.editable()) return;
    const applied = undo ? this.client.undo() : this.client.redo();
    if (applied.length === 0) {
      this.say(undo ? 'Nothing to undo.' : 'Nothing to redo.');
      return;
    }
    this.changedLocally();
    this.render();
    this.place(caretAfter(applied[applied.length - 1], this.client.blocks));
  }

  // ----- sending and receiving -----

  /** After every local change: keep it on the device first, then send in the background. */
  changedLocally() {
    this.persist();
    this.updateStatus();
    this.scheduleFlush();
  }

  scheduleFlush(delay = Math.max(0, this.lastSent + FLUSH_MS - Date.now())) {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = this.later(delay, () => {
      this.flushTimer = null;
      this.flush();
    });
  }

  flush() {
    if (this.offline || this.inFlight || this.catchingUp || this.stopped) return;
    const submission = this.client.takeSubmission();
    if (!submission) {
      this.updateStatus();
      return;
    }
    this.inFlight = submission;
    this.lastSent = Date.now();
    this.persist(); // its change id is on the device before it leaves
    // An answer that comes after the connection was given up for lost is ignored: the change is sent again with
    // the same id, and the server answers that one (as a duplicate, with what it discarded) or applies it once.
    const current = () => this.inFlight === submission;
    this.dotnet.invokeMethodAsync('Submit', JSON.stringify(submission)).then(
      (json) => this.whenIdle(() => {
        if (!current()) return;
        this.inFlight = null;
        const result = this.client.acknowledge(submission, JSON.parse(json));
        this.fromServer(result);
        this.scheduleFlush(result.retry ? RETRY_MS : undefined);
      }),
      () => this.whenIdle(() => {
        if (!current()) return;
        this.giveUpInFlight();
        this.scheduleFlush(RETRY_MS); // if the circuit is down, the reconnect state says so and sending waits
      }));
  }

  giveUpInFlight() {
    if (!this.inFlight) return;
    this.client.submitFailed(this.inFlight);
    this.inFlight = null;
    this.persist();
  }

  receive(change) {
    if (this.stopped) return;
    this.whenIdle(() => {
      let result;
      try {
        result = this.client.receive(change);
      } catch (err) {
        this.lostTrack(err);
        return;
      }
      this.fromServer(result);
      this.scheduleFlush();
    });
  }

  /** What came from the server changed the client: save, show, and catch up on a gap. */
  fromServer({ effects, gap }) {
    this.persist();
    this.showRemote(effects);
    this.renderReports();
    this.updateStatus();
    if (gap) this.catchUp();
  }

  catchUp() {
    if (this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    this.dotnet.invokeMethodAsync('CatchUp', this.client.revision).then(
      (json) => this.whenIdle(() => {
        this.catchingUp = false;
        const answer = JSON.parse(json);
        if (answer.status === 'refused') {
          if (answer.code === 'stale_revision') this.lostTrack(new EditError(answer.code, answer.message));
          else this.later(RETRY_MS, () => this.catchUp());
          return;
        }
        let result;
        try {
          result = this.client.catchUp(answer);
        } catch (err) {
          this.lostTrack(err);
          return;
        }
        this.fromServer({ effects: result.effects, gap: false });
        if (result.more) this.catchUp();
        else if (result.gap) this.later(RETRY_MS, () => this.catchUp());
        else this.scheduleFlush();
      }),
      () => {
        this.catchingUp = false;
        if (!this.offline) this.later(RETRY_MS, () => this.catchUp());
      });
  }

  /**
   * The server's log does not fit what this page holds (or cannot be replayed): keep every unsent text as a report,
   * then reload for a fresh copy of the statement.
   */
  lostTrack(err) {
    const code = err instanceof EditError && err.code === 'stale_revision' ? 'stale_revision' : 'out_of_sync';
    this.client.abandon(code);
    this.persist();
    this.renderReports();
    window.location.reload();
  }

  // ----- keeping state on the device -----

  /**
   * Saves confirmed + outbox + reports under this tab's key, with the time (or clears it once everything is
   * acknowledged). Never throws.
   */
  persist(leaving = false) {
    try {
      const json = this.client.save();
      if (json) {
        localStorage.setItem(this.ownKey, JSON.stringify({ ...JSON.parse(json), at: leaving ? 0 : Date.now() }));
        this.lastWritten = json;
      } else if (this.lastWritten !== null) {
        // Only our own copy (a duplicated tab may share this key: its copy is then not ours to remove).
        const stored = localStorage.getItem(this.ownKey);
        let ours = true;
        try {
          ours = stored === null || JSON.stringify({ ...JSON.parse(stored), at: 0 }) === JSON.stringify({ ...JSON.parse(this.lastWritten), at: 0 });
        } catch {
          ours = false;
        }
        if (ours) localStorage.removeItem(this.ownKey);
        this.lastWritten = null;
      }
      this.storageFailed = false;
    } catch {
      this.storageFailed = true;
    }
    this.host.dataset.unsaved = this.client.pending ? 'true' : 'false';
  }

  /** While something is kept, its time is renewed, so other tabs know this one is alive. */
  heartbeat() {
    this.later(HEARTBEAT_MS, () => {
      if (this.lastWritten !== null) this.persist();
      this.heartbeat();
    });
  }

  /** Another tab's copy of this statement whose tab has not renewed it for a while (or one from before tabs had keys). */
  findOrphan() {
    const now = Date.now();
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key === this.ownKey || (key !== this.storageKey && !key?.startsWith(`${this.storageKey}:`))) continue;
      const json = localStorage.getItem(key);
      let at = 0;
      try {
        at = Number(JSON.parse(json)?.at) || 0;
      } catch {
        // unreadable: the client shows whatever text it can find in it
      }
      if (now - at > ORPHAN_MS) return { key, json };
    }
    return null;
  }

  // ----- the connection -----

  onReconnectState(state) {
    switch (state) {
      case 'show':
      case 'retrying':
      case 'paused':
        this.setOffline(true);
        break;
      case 'hide':
        this.setOffline(false);
        this.presence.sent = undefined;
        this.wantPresence(this.presence.wanted);
        this.catchUp(); // what was missed while away; the change in flight is then sent again, unchanged
        break;
      case 'failed':
      case 'resume-failed':
      case 'rejected':
        this.setOffline(true);
        this.reloadWhenServerAnswers();
        break;
      default:
        break;
    }
  }

  setOffline(offline) {
    this.offline = offline;
    if (offline) {
      this.giveUpInFlight(); // its answer may never come: it is sent again when the connection is back
      this.catchingUp = false;
    }
    else this.renderReports(); // texts not yet kept by the server are sent now
    this.persist();
    this.updateStatus();
  }

  /** The circuit is gone (e.g. the server restarted): poll, and reload only once the server answers. */
  reloadWhenServerAnswers() {
    if (this.polling) return;
    this.polling = true;
    const poll = () => fetch(window.location.href, { method: 'HEAD', cache: 'no-store' }).then(
      (response) => {
        if (response.status < 500) {
          this.persist();
          window.location.reload();
        } else this.later(POLL_MS, poll);
      },
      () => this.later(POLL_MS, poll));
    this.later(POLL_MS, poll);
  }

  // ----- status, locks, presence, reports -----

  updateStatus() {
    const state = this.locked ? 'locked' : !this.canEdit ? 'readonly' : this.offline ? 'offline' : this.client.pending ? 'saving' : 'saved';
    this.host.dataset.editorState = state;
    if (state === 'saved' && this.status.textContent === STATUS.saving) {
      // From "Saving…" to "All changes saved" only once saving has been quiet for a moment, so that the status line
      // is not announced after every acknowledged keystroke.
      this.savedTimer ??= this.later(SAVED_AFTER_MS, () => {
        this.savedTimer = null;
        if (this.host.dataset.editorState === 'saved') this.status.textContent = STATUS.saved;
      });
      return;
    }
    let text = STATUS[state];
    if (this.storageFailed && this.client.pending) text += ' (this device could not keep a copy)';
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  setLocked(locked, canEdit) {
    this.locked = !!locked;
    this.canEdit = canEdit !== false;
    this.render();
    this.updateStatus();
    if (this.editable()) this.scheduleFlush();
    else this.flush(); // what is unsent is refused by the server and shown under "Not applied"
  }

  setPresence(payload) {
    const byBlock = new Map();
    for (const { name, block } of payload.presence ?? []) {
      if (!block) continue;
      if (!byBlock.has(block)) byBlock.set(block, []);
      byBlock.get(block).push(name);
    }
    for (const [id, r] of this.rows) {
      const names = byBlock.get(id) ?? [];
      const text = names.length ? `Here: ${names.join(', ')}` : '';
      if (r.presence.textContent !== text) r.presence.textContent = text;
      r.row.classList.toggle('has-presence', names.length > 0);
    }
  }

  wantPresence(id) {
    this.presence.wanted = id;
    if (this.presence.timer || this.offline || this.stopped) return;
    const wait = Math.max(0, this.presence.last + PRESENCE_MS - Date.now());
    this.presence.timer = this.later(wait, () => {
      this.presence.timer = null;
      const wanted = this.presence.wanted;
      if (wanted === this.presence.sent || this.offline) return;
      this.presence.sent = wanted;
      this.presence.last = Date.now();
      this.dotnet.invokeMethodAsync('Presence', wanted).catch(() => {
        this.presence.sent = undefined;
      });
    });
  }

  renderReports() {
    this.keepReports();
    const reports = this.client.reports;
    const shown = reports.map((r) => `${r.id}:${r.kept ? 1 : 0}${r.keepFailed ? 1 : 0}`).join();
    if (shown === this.shownReports) return;
    this.shownReports = shown;
    this.reportPanel.hidden = reports.length === 0;
    const statement = this.options.statementId;
    this.reportList.replaceChildren(...reports.map((r) => el('li', { className: 'editor-not-applied-item' },
      el('p', {}, REASONS[r.reason] ?? (r.message || 'The server did not accept this change.')),
      el('textarea', { readOnly: true, rows: 3, value: r.text, 'aria-label': 'Text not applied', dataset: { reportText: r.id } }),
      el('div', { className: 'editor-not-applied-actions' },
        el('button', { type: 'button', dataset: { action: 'copy', report: r.id } }, 'Copy'),
        r.kept && r.key
          ? el('a', { className: 'button button--secondary button--small', href: `statements/${statement}/amendments?unapplied=${encodeURIComponent(r.key)}` }, 'Propose as an amendment')
          : r.keepFailed
            ? el('span', { className: 'editor-not-applied-keeping' }, 'Not kept on the server: copy it to keep it.')
            : el('span', { className: 'editor-not-applied-keeping' }, 'Keeping it in the history\u2026'),
        el('button', { type: 'button', dataset: { action: 'dismiss', report: r.id } }, 'Dismiss')))));
  }

  /**
   * Asks the server to keep, for this user, each reported text it does not already keep (refusals of a whole change),
   * so that the statement's history has it even if this device's copy goes. Retried on the next render after a failure.
   */
  keepReports() {
    if (this.offline || this.stopped) return;
    const now = Date.now();
    for (const r of this.client.reports) {
      if (r.kept || r.keepFailed || this.keeping.has(r.key) || !r.key || (r.keepRetryAt ?? 0) > now) continue;
      this.keeping.add(r.key);
      const request = {
        key: r.key, blockId: r.block, afterBlockId: r.after ?? null, reason: r.reason, text: r.text,
        paragraph: r.paragraph ?? null, writtenAgainst: r.base ?? null,
      };
      const retryLater = () => {
        // Not now (the connection, or too many messages): once more in a while, not at every render.
        r.keepRetryAt = Date.now() + KEEP_RETRY_MS;
        this.later(KEEP_RETRY_MS, () => this.renderReports());
      };
      this.dotnet.invokeMethodAsync('KeepUnapplied', JSON.stringify(request)).then((answer) => {
        this.keeping.delete(r.key);
        const result = JSON.parse(answer);
        if (result?.status === 'kept') r.kept = true;
        else if (TRANSIENT_KEEP.has(result?.code)) {
          retryLater();
          return;
        } else r.keepFailed = true; // the server will not keep it: the panel says to copy it
        this.persist();
        this.shownReports = null;
        this.renderReports();
      }, () => {
        this.keeping.delete(r.key);
        retryLater();
      });
    }
  }

  copy(id) {
    const report = this.client.reports.find((r) => r.id === id);
    if (!report) return;
    const fallback = () => {
      const area = this.reportList.querySelector(`[data-report-text="${id}"]`);
      area?.select();
      this.say(document.execCommand?.('copy') ? 'Copied.' : 'Select the text and copy it.');
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(report.text).then(() => this.say('Copied.'), fallback);
    else fallback();
  }
}

/** Where the caret goes after an undo or redo: at the end of what it changed. */
function caretAfter(op, blocks) {
  const exists = (id) => blocks.some((b) => b.id === id);
  switch (op.type) {
    case 'text': {
      let position = 0;
      let end = 0;
      for (const c of op.ops) {
        if (typeof c === 'string') end = position += c.length;
        else if (c > 0) position += c;
        else end = position;
      }
      return { block: op.block, offset: end };
    }
    case 'split': return { block: op.newBlock, offset: 0 };
    case 'join': return { block: op.block, offset: op.offset };
    case 'delete': {
      const before = op.after && blocks.find((b) => b.id === op.after);
      return before ? { block: before.id, offset: before.text.length } : blocks[0] ? { block: blocks[0].id, offset: 0 } : null;
    }
    default: return exists(op.block) ? { block: op.block, offset: 0 } : null;
  }
}
