// The downloads of a session's answers: CSV and Excel, split by the
// segment question chosen under split results.

import { $, downloadBlob, safeName } from '../common.js';
import { showError } from '../errors.js';
import { t } from '../translate.js';
import { segmentBy } from './split-results.js';
import { call, say, session } from './session.js';

const ui = {
  csv: $('#export-csv'),
  xlsx: $('#export-xlsx'),
  error: $('#session-error'),
};

async function download(button, ext, doneKey) {
  button.disabled = true;
  ui.error.textContent = '';
  try {
    const by = segmentBy();
    const res = await call(`/export.${ext}` + (by ? '?segmentBy=' + encodeURIComponent(by) : ''), { raw: true });
    const s = session();
    downloadBlob(await res.blob(), `${safeName(s.title)}-${s.code}.${ext}`);
    say(t(doneKey));
  } catch (err) {
    showError(ui.error, err);
  } finally {
    button.disabled = false;
  }
}

export function mountExport() {
  ui.csv.addEventListener('click', () => download(ui.csv, 'csv', 'csvDownloaded'));
  ui.xlsx.addEventListener('click', () => download(ui.xlsx, 'xlsx', 'h_xlsxDone'));
}
