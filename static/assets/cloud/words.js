// How the word cloud recognises and colours a word: its key, a stable
// number per word, and the palette on the cloud's dark background.

// wordKey is how the cloud recognises a word from one update to the next
// (the server already merged spellings; this only keeps placement stable
// when the display form changes case).
export function wordKey(text) {
  return String(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// hash is FNV-1a of a string: a stable number per word for colour and place.
export function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Light colours on the dark cloud: each reaches at least 7:1 against the
// background, readable from the back of a theatre.
export const CLOUD_PALETTE = ['#ffffff', '#7dd3fc', '#fcd34d', '#86efac', '#f9a8d4', '#c4b5fd', '#fdba74'];
export const CLOUD_BACKGROUND = '#0b1322';
