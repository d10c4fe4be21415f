/**
 * Layout checks by bounding boxes, not pixels (issue 13): in the page, every visible column header, button, label,
 * tab, chip and control of the main area must lie inside the window and inside the nearest ancestor that clips
 * sideways; a button, a header cell, a tab or a chip must not cut its own text, nor an empty input its placeholder or a
 * select its chosen option (measured with the control's own font); and no two controls (buttons,
 * inputs, selects) may overlap. Returns what is wrong, one line each, naming the element.
 */
import type { Page } from 'playwright-core';

/** The selectors checked, inside the main area (the navigation and the site bar included). */
const CHECKED = [
  'button', 'input:not([type=hidden])', 'select', 'textarea', 'th', 'label', '.tab', '.chip', '.badge', 'h1', 'h2', '.stat',
  '.url', '.outcome', '.trow-head > span', '.trow .c-valid', '.trow .c-time', '.nav-item', '[data-testid="reading"]', '.viewing-badge',
];

export async function layoutProblems(page: Page, opts: { skip?: string[] } = {}): Promise<string[]> {
  return page.evaluate(({ selectors, skip }) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const desc = (el: Element): string => {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.getAttribute('data-command') ?? '';
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` .${el.className.split(' ').filter(Boolean).join('.')}` : ''}${id ? ` "${id}"` : ''}>${text ? ` "${text}"` : ''}`;
    };
    const ctx = document.createElement('canvas').getContext('2d')!;
    const skipped = (el: Element) => skip.some((s) => el.closest(s) !== null);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
      const cs = getComputedStyle(el);
      return cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
    };
    const els = [...new Set(selectors.flatMap((s) => [...document.querySelectorAll(s)]))].filter((el) => visible(el) && !skipped(el));
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 || r.left < -1) problems.push(`outside the window sideways (${Math.round(r.left)}–${Math.round(r.right)} of ${vw}): ${desc(el)}`);
      // The nearest ancestor that clips sideways (overflow other than visible) must hold the element.
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'visible') continue;
        const ar = a.getBoundingClientRect();
        if (r.right > ar.right + 1 || r.left < ar.left - 1) problems.push(`cut off sideways by ${desc(a).slice(0, 60)}: ${desc(el)}`);
        break;
      }
      // An input's placeholder (while empty) and a select's chosen option must fit: a cut hint or choice reads wrong.
      const shown = el.tagName === 'SELECT' ? (el as HTMLSelectElement).selectedOptions[0]?.text ?? ''
        : el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? ((el as HTMLInputElement).value === '' ? (el as HTMLInputElement).placeholder : '') : '';
      if (shown !== '' && el.tagName !== 'TEXTAREA') {
        const cs = getComputedStyle(el);
        ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        // A select's arrow takes ~20 px beside its text (Chromium's default and the app's own).
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - (el.tagName === 'SELECT' ? 20 : 0);
        const need = ctx.measureText(shown).width;
        if (need > room + 1) problems.push(`${el.tagName === 'SELECT' ? 'choice' : 'placeholder'} cut (${Math.round(need)} px in ${Math.round(room)}): ${desc(el)} "${shown.slice(0, 40)}"`);
      }
      const own = el.tagName === 'BUTTON' || el.tagName === 'TH' || el.classList.contains('tab') || el.classList.contains('chip') || el.classList.contains('badge');
      if (own && el.scrollWidth > el.clientWidth + 1) problems.push(`text cut (${el.scrollWidth} px in ${el.clientWidth}): ${desc(el)}`);
    }
    // Controls must not overlap each other, nor a badge, chip or figure that sits beside them (a header squeezed so
    // far that its Copy button slid under the RECORDING badge).
    const isControl = (el: Element) => ['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
    const marks = els.filter((el) => !isControl(el) && (el.classList.contains('badge') || el.classList.contains('chip') || el.classList.contains('stat') || el.classList.contains('viewing-badge')));
    const controls = [...els.filter(isControl), ...marks];
    const boxes = controls.map((el) => el.getBoundingClientRect());
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        if (!isControl(controls[i]!) && !isControl(controls[j]!)) continue;
        const a = boxes[i]!;
        const b = boxes[j]!;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2 && !controls[i]!.contains(controls[j]!) && !controls[j]!.contains(controls[i]!)) {
          problems.push(`overlap ${Math.round(w)}×${Math.round(h)} px: ${desc(controls[i]!)} and ${desc(controls[j]!)}`);
        }
      }
    }
    return problems;
  }, { selectors: CHECKED, skip: opts.skip ?? [] });
}
