'use strict';
// The dashboard page: one record at a time, a window of its ECG with beat marks, its metrics and its
// heart-rate trend. State lives in the URL (?record=&start=&width=&lead=) so a view can be shared.

const $ = (id) => document.getElementById(id);
const css = getComputedStyle(document.documentElement);
const color = (name) => css.getPropertyValue(name).trim();

const state = { record: null, detail: null, hr: null, rr: null, lead: 0, start: 0, width: 10 };
let ecgPlot = null;
let hrPlot = null;
let rrPlot = null;
let morphPlot = null;
let morph = null; // the record's morphology results, or null
let pcaScale = null;
const CLASS_COLOURS = ['#1f5fbf', '#d1342f', '#1f7a4d', '#e08a00', '#7b3fa0', '#00838f', '#6d4c41', '#c2185b'];
const classColour = (c) => CLASS_COLOURS[c % CLASS_COLOURS.length];
let referenceMarks = { time_s: [], mv: [], symbols: [], outcomes: '' };
let detectedMarks = { time_s: [], outcomes: '' };
let shownTrace = null; // the lead drawn now, for the hover read-out
const WIDTHS = [5, 10, 20, 30, 60];
const MIN_WIDTH = 1;
const MAX_WIDTH = 600;
let latest = 0; // number of the newest window request: older answers are dropped

async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function fmtTime(s) {
  const m = Math.floor(s / 60);
  return `${m}:${(s - 60 * m).toFixed(1).padStart(4, '0')}`;
}

function fmtDuration(s) {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(Math.round(s % 60)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function fmt(v, digits, unit = '') {
  return v == null ? '–' : `${Number(v).toFixed(digits)}${unit}`;
}

// Se and +P may be stored as fractions or percentages.
function pct(v) {
  return v == null ? '–' : `${(v <= 1 ? 100 * v : v).toFixed(2)} %`;
}

function plotWidth(el) {
  return Math.max(280, el.clientWidth);
}

let records = [];
const overviewSort = { key: 'id', dir: 1 };

async function init() {
  records = await getJson('/api/records');
  records.forEach((r, i) => { r.order = i; }); // the server's order (numeric names) is the "id" order
  const select = $('record');
  for (const r of records) {
    const hr = r.mean_hr_bpm == null ? '' : ` · ${r.mean_hr_bpm.toFixed(0)} bpm`;
    select.add(new Option(`${r.id} (${fmtDuration(r.duration_s)}${hr})`, r.id));
  }
  showOverview();
  document.querySelectorAll('#overview th button').forEach((b) => b.addEventListener('click', () => {
    const key = b.parentElement.dataset.key;
    overviewSort.dir = overviewSort.key === key ? -overviewSort.dir : 1;
    overviewSort.key = key;
    showOverview();
  }));
  $('record-search').addEventListener('input', filterRecords);
  $('record-search').addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const first = matchingRecords()[0];
    if (first) selectRecord(first.id, 0);
  });
  const q = new URLSearchParams(location.search);
  const wanted = records.some((r) => r.id === q.get('record')) ? q.get('record') : records[0].id;
  const w = Number(q.get('width'));
  state.width = Number.isFinite(w) && w >= MIN_WIDTH && w <= MAX_WIDTH ? w : 10;
  showWidth();
  state.lead = Math.max(0, Number(q.get('lead')) || 0);

  select.addEventListener('change', () => selectRecord(select.value, 0));
  $('window-start').addEventListener('input', (e) => {
    state.start = Number(e.target.value);
    loadWindow();
  });
  setUpZoomAndPan();
  $('poincare').addEventListener('click', poincareClick);
  $('sensitivity').addEventListener('input', (e) => {
    $('sensitivity-value').textContent = Number(e.target.value).toFixed(2);
    $('live-detector').checked = true; // moving the slider is asking to see its effect
    loadWindow();
  });
  $('live-detector').addEventListener('change', loadWindow);
  $('export-csv').addEventListener('click', exportCsv);
  $('export-png').addEventListener('click', exportPng);
  $('pca').addEventListener('click', pcaClick);
  $('window-width').addEventListener('change', (e) => {
    state.width = Number(e.target.value);
    updateSlider();
    loadWindow();
  });
  new ResizeObserver(() => {
    if (ecgPlot) ecgPlot.setSize({ width: plotWidth($('ecg')), height: ecgPlot.height });
    if (hrPlot) hrPlot.setSize({ width: plotWidth($('hr')), height: hrPlot.height });
    if (rrPlot) rrPlot.setSize({ width: plotWidth($('tachogram')), height: rrPlot.height });
    drawPoincare();
    if (morphPlot) morphPlot.setSize({ width: plotWidth($('class-averages')), height: morphPlot.height });
    drawPca();
  }).observe($('ecg'));

  await selectRecord(wanted, Math.max(0, Number(q.get('start')) || 0));
}

function matchingRecords() {
  const q = $('record-search').value.trim().toLowerCase();
  return records.filter((r) => r.id.toLowerCase().includes(q));
}

// The search box narrows both the dropdown and the table, so a long record list stays usable.
function filterRecords() {
  const keep = new Set(matchingRecords().map((r) => r.id));
  for (const o of $('record').options) o.hidden = !keep.has(o.value) && o.value !== state.record;
  for (const tr of $('overview').tBodies[0].rows) tr.hidden = !keep.has(tr.dataset.record);
}

function sortValue(r, key) {
  return key === 'id' ? r.order : r[key];
}

function showOverview() {
  const { key, dir } = overviewSort;
  const sorted = [...records].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x == null || y == null) return (x == null) - (y == null); // missing values last either way
    return dir * (x - y);
  });
  document.querySelectorAll('#overview th').forEach((th) => {
    if (th.dataset.key === key) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  });
  const body = $('overview').tBodies[0];
  body.replaceChildren();
  for (const r of sorted) {
    const tr = document.createElement('tr');
    tr.dataset.record = r.id;
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = r.id;
    open.setAttribute('aria-label', `Open record ${r.id}`);
    const first = document.createElement('td');
    first.append(open);
    tr.append(first);
    for (const v of [fmtDuration(r.duration_s), r.beats ?? '–', fmt(r.mean_hr_bpm, 1), fmt(r.sdnn_ms, 1),
      fmt(r.rmssd_ms, 1), pct(r.sensitivity), pct(r.ppv)]) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    tr.addEventListener('click', () => {
      selectRecord(r.id, 0);
      $('ecg-title').scrollIntoView({ block: 'start' });
    });
    body.append(tr);
  }
  markCurrentRow();
  if (records.length) filterRecords();
}

function markCurrentRow() {
  for (const tr of $('overview').tBodies[0].rows) {
    if (tr.dataset.record === state.record) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
  }
}

async function selectRecord(id, start) {
  $('record').value = id;
  // the whole-record views (RR series, morphology: 100 000 beats on a 24 h record) load while the first
  // window is drawn, so the ECG appears without waiting for them
  const whole = Promise.all([
    getJson(`/api/records/${id}/hr`),
    getJson(`/api/records/${id}/rr`),
    // not every results file has morphology (older analyze runs, very short records): the rest still works
    fetch(`/api/records/${id}/morphology`).then((r) => (r.ok ? r.json() : null)).catch(() => null),
  ]);
  const detail = await getJson(`/api/records/${id}`);
  state.rr = null;
  morph = null;
  delete $('pca').dataset.points;
  state.highlight = null;
  state.chosenBeat = null;
  state.record = id;
  markCurrentRow();
  state.detail = detail;
  state.lead = Math.min(state.lead, detail.signals.length - 1);
  state.start = start;
  showLeads(detail);
  showMetrics(detail);
  updateSlider();
  drawPoincare();
  const shown = loadWindow();
  const [hr, rr, m] = await whole;
  if (state.record !== id) return; // another record was chosen meanwhile
  state.hr = hr;
  state.rr = rr;
  morph = m;
  drawHeartRate();
  drawTachogram();
  drawPoincare();
  drawMorphology();
  await shown;
}

function showLeads(detail) {
  const box = $('leads');
  box.replaceChildren();
  detail.signals.forEach((s, i) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'lead';
    input.value = String(i);
    input.checked = i === state.lead;
    input.addEventListener('change', () => {
      state.lead = i;
      loadWindow();
    });
    label.append(input, ` ${s.name}`);
    box.append(label);
  });
}

function showMetrics(d) {
  const m = d.metrics || {};
  const e = d.evaluation || {};
  const rows = [
    ['Duration', fmtDuration(d.duration_s)],
    ['Beats detected', m.beats ?? d.detected_beats ?? '–'],
    ['Mean HR', fmt(m.mean_hr_bpm, 1, ' bpm')],
    ['SDNN', fmt(m.sdnn_ms, 1, ' ms')],
    ['RMSSD', fmt(m.rmssd_ms, 1, ' ms')],
    ['Sensitivity (Se)', pct(e.sensitivity)],
    ['Positive predictivity (+P)', pct(e.ppv)],
  ];
  if (e.fn != null && e.fp != null) rows.push(['Missed / false beats', `${e.fn} / ${e.fp}`]);
  // AAMI scoring skips the first minutes (the detector's learning period)
  if (e.start_s > 0) rows.push(['Scored from', fmtDuration(e.start_s)]);
  // heart-rate variability, time and frequency domain, as the analyze stage computed it
  const hrv = [
    ['pNN50', fmt(m.pnn50_pct, 1, ' %')],
    ['SDANN', fmt(m.sdann_ms, 1, ' ms')],
    ['HRV triangular index', fmt(m.hrv_triangular_index, 1)],
    ['VLF power', fmt(m.vlf_ms2, 0, ' ms²')],
    ['LF power', fmt(m.lf_ms2, 0, ' ms²')],
    ['HF power', fmt(m.hf_ms2, 0, ' ms²')],
    ['LF/HF', fmt(m.lf_hf, 2)],
  ].filter(([, v]) => v !== '–');
  rows.push(...hrv);
  const dl = $('metrics');
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
}

// The width select lists the usual widths; a zoomed width gets its own entry so the select tells the truth.
function showWidth() {
  const select = $('window-width');
  let custom = select.querySelector('option[data-custom]');
  if (WIDTHS.includes(state.width)) {
    if (custom) custom.remove();
  } else {
    if (!custom) {
      custom = new Option('', '');
      custom.dataset.custom = 'true';
      select.add(custom);
    }
    custom.value = String(state.width);
    custom.textContent = `${state.width} s`;
  }
  select.value = String(state.width);
}

function clampWindow() {
  const duration = state.detail ? state.detail.duration_s : Infinity;
  state.width = Math.round(100 * Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.min(state.width, duration)))) / 100;
  state.start = Math.min(Math.max(0, state.start), Math.max(0, duration - state.width));
}

// Zoom keeps the time under `anchor` (a fraction of the width, 0.5 = centre) where it is.
function zoomBy(factor, anchor = 0.5) {
  const at = state.start + anchor * state.width;
  state.width *= factor;
  clampWindow();
  state.start = at - anchor * state.width;
  clampWindow();
  showWidth();
  updateSlider();
  loadWindow();
}

function stepBy(fraction) {
  state.start += fraction * state.width;
  clampWindow();
  updateSlider();
  loadWindow();
}

function resetView() {
  state.width = 10;
  state.start = 0;
  clampWindow();
  showWidth();
  updateSlider();
  loadWindow();
}

function setUpZoomAndPan() {
  const el = $('ecg');
  $('zoom-in').addEventListener('click', () => zoomBy(0.5));
  $('zoom-out').addEventListener('click', () => zoomBy(2));
  $('reset-view').addEventListener('click', resetView);
  el.addEventListener('keydown', (e) => {
    const actions = {
      ArrowRight: () => stepBy(e.shiftKey ? 1 : 0.25),
      ArrowLeft: () => stepBy(e.shiftKey ? -1 : -0.25),
      PageDown: () => stepBy(1),
      PageUp: () => stepBy(-1),
      Home: () => stepBy(-Infinity),
      End: () => stepBy(Infinity),
      '+': () => zoomBy(0.5),
      '=': () => zoomBy(0.5),
      '-': () => zoomBy(2),
      0: resetView,
    };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  });
  el.addEventListener('wheel', (e) => {
    if (!ecgPlot) return;
    e.preventDefault();
    const rect = ecgPlot.over.getBoundingClientRect();
    const anchor = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
    zoomBy(e.deltaY > 0 ? 1.25 : 0.8, anchor);
  }, { passive: false });
  let drag = null;
  el.addEventListener('pointerdown', (e) => {
    if (!ecgPlot || e.button !== 0) return;
    drag = { x: e.clientX, start: state.start, perPx: state.width / ecgPlot.over.getBoundingClientRect().width };
    el.classList.add('panning');
    el.setPointerCapture(e.pointerId);
  });
  el.addEventListener('pointermove', (e) => {
    if (!drag) return;
    state.start = drag.start - (e.clientX - drag.x) * drag.perPx;
    clampWindow();
    updateSlider();
    loadWindow();
  });
  const end = () => {
    drag = null;
    el.classList.remove('panning');
  };
  el.addEventListener('pointerup', end);
  el.addEventListener('pointercancel', end);
}

function updateSlider() {
  const slider = $('window-start');
  const max = Math.max(0, Math.floor(state.detail.duration_s - state.width));
  slider.max = String(max);
  // hundredths of a second: panning and zooming move by less than the slider's 1 s steps
  state.start = Math.min(Math.max(0, Math.round(100 * state.start) / 100), Math.max(0, state.detail.duration_s - state.width));
  slider.value = String(Math.min(max, Math.round(state.start)));
}

async function loadWindow() {
  const request = ++latest;
  const { record, lead, start, width } = state;
  const end = Math.round(100 * (start + width)) / 100;
  // two points (a bucket's min and max) per pixel column are all a screen can show
  const points = Math.min(20000, 2 * plotWidth($('ecg')));
  let trace;
  let beats;
  let live = null;
  const sensitivity = Number($('sensitivity').value);
  const liveOn = $('live-detector').checked && width <= 300;
  try {
    [trace, beats, live] = await Promise.all([
      getJson(`/api/records/${record}/trace?start=${start}&end=${end}&maxPoints=${points}&lead=${lead}`),
      getJson(`/api/records/${record}/beats?start=${start}&end=${end}`),
      liveOn ? getJson(`/api/records/${record}/detect?start=${start}&end=${end}&lead=${lead}&sensitivity=${sensitivity}`)
        : Promise.resolve(null),
    ]);
  } catch (e) {
    if (request === latest) $('status').textContent = `Could not load the window: ${e.message}`;
    return;
  }
  if (request !== latest) return;
  if (live) {
    // the live detector's beats replace the stored ones, scored against the same reference beats
    const mv = beats.detected.mv.map(() => []);
    mv[lead] = live.mv;
    beats.detected = { time_s: live.time_s, mv, outcomes: live.outcomes };
    if (live.reference_outcomes != null) beats.reference.outcomes = live.reference_outcomes;
    $('live-score').textContent = live.tp == null
      ? `Live detector at ${sensitivity.toFixed(2)}: ${live.time_s.length} beats (no reference to score against).`
      : `Live detector at ${sensitivity.toFixed(2)}: Se ${pct(live.se)}, +P ${pct(live.ppv)} in this window `
        + `(TP ${live.tp}, FP ${live.fp}, FN ${live.fn}).`;
  } else {
    $('live-score').textContent = $('live-detector').checked ? 'The live detector works on windows up to 300 s.' : '';
  }
  drawEcg(trace, beats, lead);
  const name = state.detail.signals[lead].name;
  $('ecg-title').textContent = `Record ${record} · ${name}`;
  $('window-label').textContent = `${fmtTime(start)} – ${fmtTime(end)}`;
  $('window-start').setAttribute('aria-valuetext', `${fmtTime(start)} to ${fmtTime(end)}`);
  const count = (marks, c) => (marks.outcomes || '').split('').filter((o) => o === c).length;
  const scored = beats.reference.outcomes != null
    ? ` ${count(beats.reference, 'x')} missed, ${count(beats.detected, 'f')} false.` : '';
  $('status').textContent = `Record ${record}, lead ${name}, ${fmtTime(start)} to ${fmtTime(end)}: `
    + `${beats.detected.time_s.length} detected beats, ${beats.reference.time_s.length} reference annotations.${scored}`;
  history.replaceState(null, '', `?record=${record}&start=${start}&width=${width}&lead=${lead}`);
  if (hrPlot) hrPlot.redraw(false);
  if (rrPlot) rrPlot.redraw(false);
  drawPoincare();
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  // milliseconds from navigation to the first drawn ECG, for bench/dashboard-first-plot.sh
  if (!document.body.dataset.firstPlotMs) document.body.dataset.firstPlotMs = String(Math.round(performance.now()));
}

// Reference annotations that share a sample (a rhythm label on a beat) become one mark with both symbols;
// the mark is "missed" when its beat is.
function mergeBySample(marks, lead) {
  const out = { time_s: [], mv: [], symbols: [], outcomes: '' };
  const outcomes = marks.outcomes || '';
  marks.time_s.forEach((t, i) => {
    const last = out.time_s.length - 1;
    const o = outcomes[i] || '-';
    if (last >= 0 && out.time_s[last] === t) {
      out.symbols[last] += marks.symbols[i];
      if (o !== '-') out.outcomes = out.outcomes.slice(0, last) + o;
    } else {
      out.time_s.push(t);
      out.mv.push(marks.mv[lead][i]);
      out.symbols.push(marks.symbols[i]);
      out.outcomes += o;
    }
  });
  return out;
}

// Marks split by outcome: [times, values] of those whose outcome is (or is not) `code`.
function splitBy(times, values, outcomes, code, wanted) {
  const t = [];
  const v = [];
  times.forEach((x, i) => {
    if (((outcomes || '')[i] === code) === wanted) {
      t.push(x);
      v.push(values[i]);
    }
  });
  return [t, v];
}

function drawEcg(trace, beats, lead) {
  const l = trace.leads[0];
  referenceMarks = mergeBySample(beats.reference, lead);
  detectedMarks = { time_s: beats.detected.time_s, outcomes: beats.detected.outcomes || '' };
  shownTrace = l;
  const det = beats.detected;
  const data = uPlot.join([
    [l.time_s, l.mv],
    splitBy(det.time_s, det.mv[lead], det.outcomes, 'f', false),
    splitBy(det.time_s, det.mv[lead], det.outcomes, 'f', true),
    splitBy(referenceMarks.time_s, referenceMarks.mv, referenceMarks.outcomes, 'x', false),
    splitBy(referenceMarks.time_s, referenceMarks.mv, referenceMarks.outcomes, 'x', true),
  ]);
  if (ecgPlot) {
    ecgPlot.setData(data); // rescales: x to the window (see scales.x.range), y to the new data
    return;
  }
  ecgPlot = new uPlot({
    width: plotWidth($('ecg')),
    height: 320,
    cursor: { drag: { x: false, y: false } },
    legend: { show: false },
    scales: {
      x: { time: false, range: () => [state.start, state.start + state.width] },
      // headroom above the trace for the annotation symbols
      y: { range: (u, min, max) => [min - 0.1 * (max - min || 1), max + 0.3 * (max - min || 1)] },
    },
    axes: [
      { values: (u, ticks) => ticks.map(fmtTime), incrs: [0.2, 0.5, 1, 2, 5, 10, 15, 30, 60], grid: { stroke: '#eef0f3' } },
      { label: 'mV', size: 56, grid: { stroke: '#eef0f3' } },
    ],
    series: [
      {},
      { label: 'ECG', stroke: color('--ink'), width: 1.25, spanGaps: true, points: { show: false } },
      { label: 'Detected beats', paths: () => null, points: { show: true, size: 9, fill: color('--detected'), stroke: color('--detected') } },
      { label: 'False detections', paths: () => null, points: { show: true, size: 13, width: 3, fill: color('--detected'), stroke: color('--false') } },
      { label: 'Reference', paths: () => null, points: { show: true, size: 15, width: 2, fill: 'transparent', stroke: color('--reference') } },
      { label: 'Missed beats', paths: () => null, points: { show: true, size: 21, width: 3.5, fill: 'transparent', stroke: color('--missed') } },
    ],
    hooks: { draw: [drawSymbols], setCursor: [showTip] },
  }, data, $('ecg'));
}

function nearest(times, t) {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(times[lo - 1] - t) <= Math.abs(times[lo] - t) ? lo - 1 : lo;
}

// Hover read-out: the trace point under the cursor, in mV, and the beat marks within 150 ms of it.
function showTip(u) {
  const tip = $('ecg-tip');
  const left = u.cursor.left;
  if (left == null || left < 0 || !shownTrace || shownTrace.time_s.length === 0) {
    tip.hidden = true;
    return;
  }
  const t = u.posToVal(left, 'x');
  const i = nearest(shownTrace.time_s, t);
  const ts = shownTrace.time_s[i];
  const min = Math.floor(ts / 60);
  const parts = [`${min}:${(ts - 60 * min).toFixed(3).padStart(6, '0')}`, `${shownTrace.mv[i].toFixed(3)} mV`];
  const r = nearest(referenceMarks.time_s, t);
  if (r >= 0 && Math.abs(referenceMarks.time_s[r] - t) <= 0.15) {
    parts.push(`beat ${referenceMarks.symbols[r]}${referenceMarks.outcomes[r] === 'x' ? ' (missed)' : ''}`);
  }
  const d = nearest(detectedMarks.time_s, t);
  if (d >= 0 && Math.abs(detectedMarks.time_s[d] - t) <= 0.15) {
    parts.push(detectedMarks.outcomes[d] === 'f' ? 'false detection' : 'detected');
  }
  tip.textContent = parts.join(' · ');
  tip.hidden = false;
  const x = u.over.offsetLeft + left;
  tip.style.left = `${Math.min(x + 12, u.over.offsetLeft + u.over.clientWidth - tip.offsetWidth)}px`;
  tip.style.top = `${u.over.offsetTop + 8}px`;
}

function drawSymbols(u) {
  const ctx = u.ctx;
  ctx.save();
  if (state.highlight != null) { // the beat chosen on the PCA plot
    const x = u.valToPos(state.highlight, 'x', true);
    ctx.strokeStyle = '#7b3fa0';
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = color('--reference');
  ctx.font = `bold ${Math.round(12 * devicePixelRatio)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  const top = u.bbox.top + 14 * devicePixelRatio;
  const gap = 10 * devicePixelRatio; // symbols closer than this would overprint: skip them
  let last = -Infinity;
  referenceMarks.time_s.forEach((t, i) => {
    const x = u.valToPos(t, 'x', true);
    if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width && x - last >= gap) {
      ctx.fillText(referenceMarks.symbols[i], x, top);
      last = x;
    }
  });
  ctx.restore();
}

// A plot over the whole record (time in s on x) with the ECG window shaded; clicking it moves the window there.
function wholeRecordPlot(el, yLabel, series, data) {
  return new uPlot({
    width: plotWidth(el),
    height: 180,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false } },
    axes: [
      {
        values: (u, ticks) => ticks.map((t) => fmtTime(t).replace(/\.\d$/, '')),
        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
        grid: { stroke: '#eef0f3' },
      },
      { label: yLabel, size: 56, grid: { stroke: '#eef0f3' } },
    ],
    series: [{}, series],
    hooks: { draw: [shadeWindow], ready: [(u) => u.over.addEventListener('click', () => jumpTo(u))] },
  }, data, el);
}

function drawHeartRate() {
  const data = [state.hr.time_s, state.hr.bpm];
  if (hrPlot) {
    hrPlot.setData(data);
    return;
  }
  hrPlot = wholeRecordPlot($('hr'), 'bpm',
    { label: 'Heart rate', stroke: color('--accent'), width: 1, points: { show: false } }, data);
}

function drawTachogram() {
  const data = [state.rr.time_s, state.rr.rr_ms];
  if (rrPlot) {
    rrPlot.setData(data);
    return;
  }
  rrPlot = wholeRecordPlot($('tachogram'), 'RR (ms)', { label: 'RR', stroke: color('--accent'), width: 0,
    paths: () => null, points: { show: true, size: 3, fill: color('--accent'), stroke: color('--accent') } }, data);
}

// RR(n) against RR(n+1) on a plain canvas (uPlot wants ascending x); beats in the window are drawn red.
let poincareScale = null;
function drawPoincare() {
  const canvas = $('poincare');
  if (!state.rr) {
    canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    delete canvas.dataset.points;
    return;
  }
  const size = Math.round(canvas.clientWidth * devicePixelRatio) || 300;
  if (canvas.width !== size) {
    canvas.width = size;
    canvas.height = size;
  }
  const rr = state.rr.rr_ms;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, size, size);
  if (rr.length < 2) return;
  const sorted = Float64Array.from(rr).sort();
  // 1st to 99th percentile: one artefact must not squash the cloud into a corner
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))] * 0.9;
  const hi = sorted[Math.ceil(0.99 * (sorted.length - 1))] * 1.1;
  const pad = 28 * devicePixelRatio;
  const px = (v) => pad + ((v - lo) / (hi - lo)) * (size - 2 * pad);
  const py = (v) => size - pad - ((v - lo) / (hi - lo)) * (size - 2 * pad);
  poincareScale = { lo, hi, pad, size };
  ctx.strokeStyle = color('--line');
  ctx.strokeRect(pad, pad, size - 2 * pad, size - 2 * pad);
  ctx.beginPath(); // the identity line: points on it are unchanged from one beat to the next
  ctx.moveTo(px(lo), py(lo));
  ctx.lineTo(px(hi), py(hi));
  ctx.stroke();
  ctx.fillStyle = color('--muted');
  ctx.font = `${Math.round(10 * devicePixelRatio)}px system-ui, sans-serif`;
  ctx.fillText(`${Math.round(lo)}`, pad, size - pad / 3);
  ctx.fillText(`${Math.round(hi)} ms`, size - pad - 40 * devicePixelRatio, size - pad / 3);
  const t = state.rr.time_s;
  const inWindow = [];
  ctx.fillStyle = 'rgba(31, 95, 191, 0.35)';
  const r = 1.5 * devicePixelRatio;
  for (let i = 0; i + 1 < rr.length; i++) {
    if (t[i] >= state.start && t[i] < state.start + state.width) inWindow.push(i);
    else ctx.fillRect(px(rr[i]) - r, py(rr[i + 1]) - r, 2 * r, 2 * r);
  }
  ctx.fillStyle = color('--detected');
  for (const i of inWindow) ctx.fillRect(px(rr[i]) - 2 * r, py(rr[i + 1]) - 2 * r, 4 * r, 4 * r);
  canvas.dataset.points = String(rr.length - 1);
  canvas.dataset.inWindow = String(inWindow.length);
}

function poincareClick(e) {
  if (!poincareScale || !state.rr) return;
  const rect = $('poincare').getBoundingClientRect();
  const { lo, hi, pad, size } = poincareScale;
  const x = ((e.clientX - rect.left) * size) / rect.width;
  const y = ((e.clientY - rect.top) * size) / rect.height;
  const px = (v) => pad + ((v - lo) / (hi - lo)) * (size - 2 * pad);
  const py = (v) => size - pad - ((v - lo) / (hi - lo)) * (size - 2 * pad);
  const rr = state.rr.rr_ms;
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i + 1 < rr.length; i++) {
    const d = (px(rr[i]) - x) ** 2 + (py(rr[i + 1]) - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best < 0) return;
  state.start = state.rr.time_s[best] - state.width / 2; // the beat that ends RR(n), centred
  clampWindow();
  updateSlider();
  loadWindow();
}

function drawMorphology() {
  $('morph-empty').hidden = morph != null;
  $('class-averages').hidden = morph == null;
  $('pca').hidden = morph == null;
  if (morphPlot) {
    morphPlot.destroy(); // the number of classes, hence of series, changes with the record
    morphPlot = null;
  }
  if (!morph) return;
  const ms = morph.time_s.map((t) => Math.round(1000 * t));
  morphPlot = new uPlot({
    width: plotWidth($('class-averages')),
    height: 240,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false } },
    axes: [{ label: 'ms from the beat', grid: { stroke: '#eef0f3' } }, { label: 'mV', size: 56, grid: { stroke: '#eef0f3' } }],
    series: [{ label: 'ms' }, ...morph.class_average.map((_, c) => ({
      label: `class ${c + 1} (${morph.class_count ? morph.class_count[c] : '?'} beats)`,
      stroke: classColour(c), width: 1.5, points: { show: false },
    }))],
  }, [ms, ...morph.class_average], $('class-averages'));
  drawPca();
}

function drawPca() {
  const canvas = $('pca');
  if (!morph) return;
  const size = Math.round(canvas.clientWidth * devicePixelRatio) || 300;
  if (canvas.width !== size) {
    canvas.width = size;
    canvas.height = size;
  }
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, size, size);
  const range = (v) => {
    const s = Float64Array.from(v).sort();
    const lo = s[Math.floor(0.005 * (s.length - 1))];
    const hi = s[Math.ceil(0.995 * (s.length - 1))];
    const pad = 0.08 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = range(morph.pc1);
  const [y0, y1] = range(morph.pc2);
  const pad = 24 * devicePixelRatio;
  pcaScale = {
    px: (v) => pad + ((v - x0) / (x1 - x0)) * (size - 2 * pad),
    py: (v) => size - pad - ((v - y0) / (y1 - y0)) * (size - 2 * pad),
    size,
  };
  ctx.strokeStyle = color('--line');
  ctx.strokeRect(pad, pad, size - 2 * pad, size - 2 * pad);
  ctx.fillStyle = color('--muted');
  ctx.font = `${Math.round(10 * devicePixelRatio)}px system-ui, sans-serif`;
  const ev = morph.explained_variance || [];
  ctx.fillText(`PC1${ev[0] != null ? ` (${(100 * ev[0]).toFixed(0)} %)` : ''}`, pad, size - pad / 4);
  ctx.save();
  ctx.translate(pad / 2, size - pad);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(`PC2${ev[1] != null ? ` (${(100 * ev[1]).toFixed(0)} %)` : ''}`, 0, 0);
  ctx.restore();
  const r = 1.6 * devicePixelRatio;
  morph.pc1.forEach((v, i) => {
    ctx.fillStyle = classColour(morph.beat_class[i]);
    ctx.fillRect(pcaScale.px(v) - r, pcaScale.py(morph.pc2[i]) - r, 2 * r, 2 * r);
  });
  if (state.chosenBeat != null) {
    const i = state.chosenBeat;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.arc(pcaScale.px(morph.pc1[i]), pcaScale.py(morph.pc2[i]), 5 * devicePixelRatio, 0, 2 * Math.PI);
    ctx.stroke();
  }
  canvas.dataset.points = String(morph.pc1.length);
}

function pcaClick(e) {
  if (!morph || !pcaScale) return;
  const rect = $('pca').getBoundingClientRect();
  const x = ((e.clientX - rect.left) * pcaScale.size) / rect.width;
  const y = ((e.clientY - rect.top) * pcaScale.size) / rect.height;
  let best = -1;
  let bestD = Infinity;
  morph.pc1.forEach((v, i) => {
    const d = (pcaScale.px(v) - x) ** 2 + (pcaScale.py(morph.pc2[i]) - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  if (best < 0) return;
  showBeat(best);
}

function showBeat(i) {
  const t = morph.beat_time_s[i];
  state.chosenBeat = i;
  state.highlight = t;
  state.start = t - state.width / 2;
  clampWindow();
  updateSlider();
  drawPca();
  const min = Math.floor(t / 60);
  $('beat-info').textContent = `Beat at ${min}:${(t - 60 * min).toFixed(3).padStart(6, '0')}, class ${morph.beat_class[i] + 1}`
    + `${morph.outlier && morph.outlier[i] ? ' (outlier)' : ''}: marked by the dashed line in the ECG.`;
  loadWindow();
}

function download(href, name) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

// Raw samples of every lead (not the downsampled trace), straight from the server.
function exportCsv() {
  const end = Math.round(100 * (state.start + state.width)) / 100;
  download(`/api/records/${state.record}/samples.csv?start=${state.start}&end=${end}`,
    `${state.record}_${state.start}-${end}s.csv`);
}

// The ECG canvas on a white background (uPlot's canvas is transparent), with the window in the name.
function exportPng() {
  if (!ecgPlot) return;
  const src = ecgPlot.ctx.canvas;
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  out.toBlob((blob) => {
    const url = URL.createObjectURL(blob);
    download(url, `${state.record}_${state.start}s_lead${state.lead}.png`);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    document.body.dataset.pngBytes = String(blob.size);
  }, 'image/png');
}

// The window shown in the ECG plot, as a band on the trend.
function shadeWindow(u) {
  const x0 = u.valToPos(state.start, 'x', true);
  const x1 = u.valToPos(state.start + state.width, 'x', true);
  // at least a few pixels wide, so a 10 s window stays visible on a 30 min record
  const w = Math.max(3 * devicePixelRatio, x1 - x0);
  u.ctx.save();
  u.ctx.fillStyle = 'rgba(209, 52, 47, 0.18)';
  u.ctx.strokeStyle = color('--detected');
  u.ctx.fillRect(x0, u.bbox.top, w, u.bbox.height);
  u.ctx.strokeRect(x0, u.bbox.top, w, u.bbox.height);
  u.ctx.restore();
}

function jumpTo(u) {
  if (u.cursor.left == null || u.cursor.left < 0) return;
  state.start = u.posToVal(u.cursor.left, 'x') - state.width / 2;
  updateSlider();
  loadWindow();
}

init().catch((e) => {
  $('status').textContent = `Could not load the data: ${e.message}`;
});
