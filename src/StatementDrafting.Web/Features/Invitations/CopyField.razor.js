// Copies a read-only field's text to the clipboard. When the browser refuses (no secure context, no permission),
// the text is selected instead so that the person can copy it with the keyboard.
export async function copyField(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    return false;
  }
}
