// The reader's own time zone, as the browser knows it (an IANA id such as "Europe/Berlin").
export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}
