// The projector follows the paragraph being edited: it is scrolled to the middle of the screen, smoothly unless the
// reader asked for less motion, and only when it is not already in view. A burst of typing scrolls at most once per
// pause: the latest paragraph asked for is followed after a short wait.
const wait = 500;
let timer = null;
let latest = null;

export function follow(id) {
  latest = id;
  if (timer !== null) {
    return;
  }

  timer = setTimeout(() => {
    timer = null;
    const element = document.getElementById(latest);
    if (element === null || inView(element)) {
      return;
    }

    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    element.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
  }, wait);
}

function inView(element) {
  const box = element.getBoundingClientRect();
  const height = window.innerHeight || document.documentElement.clientHeight;
  return box.height <= height
    ? box.top >= 0 && box.bottom <= height
    : box.top < height / 2 && box.bottom > height / 2;
}
