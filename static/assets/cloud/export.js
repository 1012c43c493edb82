// The word cloud's pictures: the words laid out again for a slide or an A4
// page with every word kept, as a standalone SVG document or a PNG drawn
// from it.

import { CLOUD_BACKGROUND, hash } from './words.js';
import { EXPORT_SMALLEST } from './layout.js';

const SVG = 'http://www.w3.org/2000/svg';

// EXPORT_SIZES are the pictures a cloud is exported as: a 16:9 slide and an
// A4 landscape page (297:210). The PNG is drawn at twice the size: 3200 ×
// 1800 for a slide, 3200 × 2263 (about 270 dpi) for A4.
export const EXPORT_SIZES = {
  slide: { width: 1600, height: 900 },
  a4: { width: 1600, height: 1131 },
};

// exportLayout lays the words of the last update out for a picture of
// size ('slide' or 'a4', see EXPORT_SIZES), the same way as on the screen
// and from the same places, but with every word: none is left out for
// being small.
export function exportLayout(cloud, size = 'slide') {
  const { width, height } = EXPORT_SIZES[size] || EXPORT_SIZES.slide;
  const { placed } = cloud.layout(cloud.words, { width, height, screen: height, places: cloud.places, smallest: EXPORT_SMALLEST, keepAll: true, spread: true });
  for (const w of placed) w.color = cloud.palette[hash(w.key) % cloud.palette.length];
  return { width, height, placed };
}

// toSVG returns the cloud as a standalone SVG document of size ('slide'
// or 'a4'): the background, and every word with its size, colour and place.
export function toSVG(cloud, { title = '', size = 'slide' } = {}) {
  const { width, height, placed } = exportLayout(cloud, size);
  const doc = document.implementation.createDocument(SVG, 'svg', null);
  const svg = doc.documentElement;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (title) {
    const t = doc.createElementNS(SVG, 'title');
    t.textContent = title;
    svg.append(t);
  }
  const bg = doc.createElementNS(SVG, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', CLOUD_BACKGROUND);
  svg.append(bg);
  const g = doc.createElementNS(SVG, 'g');
  g.setAttribute('font-family', cloud.fontMetrics().family);
  g.setAttribute('font-weight', '700');
  g.setAttribute('text-anchor', 'middle');
  g.setAttribute('dominant-baseline', 'central');
  for (const w of placed) {
    const text = doc.createElementNS(SVG, 'text');
    text.setAttribute('x', w.x.toFixed(1));
    text.setAttribute('y', (w.y - w.shift).toFixed(1));
    text.setAttribute('font-size', w.size.toFixed(1));
    text.setAttribute('fill', w.color || '#ffffff');
    text.textContent = w.text;
    g.append(text);
  }
  svg.append(g);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}

// toPNG draws the SVG export on an offscreen canvas, scale times its size.
// (A data: URL, since the pages' policy allows images from data: only.)
export async function toPNG(cloud, { title = '', size = 'slide', scale = 2 } = {}) {
  const { width, height } = EXPORT_SIZES[size] || EXPORT_SIZES.slide;
  const svg = toSVG(cloud, { title, size });
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = CLOUD_BACKGROUND;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'),
  );
}
