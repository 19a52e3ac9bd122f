// Adds, after a deadline shown in the consultation's time zone, the same instant in the reader's own time zone.
const format = (instant, timeZone) => new Intl.DateTimeFormat('en-GB', {
  weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
}).format(instant);

function fill() {
  const reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const deadline of document.querySelectorAll('[data-reader-time]')) {
    const out = deadline.querySelector('[data-reader-time-text]');
    const instant = new Date(deadline.querySelector('time')?.dateTime ?? '');
    if (!out || !reader || Number.isNaN(instant.getTime())) continue;
    try {
      const yours = format(instant, reader);
      out.textContent = yours === format(instant, deadline.dataset.zone)
        ? ', the same time where you are'
        : `, which is ${yours} in your time zone (${reader})`;
      out.hidden = false;
    } catch {
      // A zone this browser does not know: the consultation's time stands alone.
    }
  }
}

fill();
// Pages reached by Blazor's enhanced navigation do not run their scripts again: refill after each such update.
globalThis.Blazor?.addEventListener?.('enhancedload', fill);
