'use strict';
// The dashboard page: one record at a time, a window of its ECG with beat marks, its metrics and its
// heart-rate trend. State lives in the URL (?record=&start=&width=&lead=) so a view can be shared.

const $ = (id) => document.getElementById(id);
const css = getComputedStyle(document.documentElement);
const color = (name) => css.getPropertyValue(name).trim();

const state = { record: null, detail: null, hr: null, lead: 0, start: 0, width: 10 };
let ecgPlot = null;
let hrPlot = null;
let referenceMarks = { time_s: [], mv: [], symbols: [] };
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

async function init() {
  const records = await getJson('/api/records');
  const select = $('record');
  for (const r of records) {
    const hr = r.mean_hr_bpm == null ? '' : ` · ${r.mean_hr_bpm.toFixed(0)} bpm`;
    select.add(new Option(`${r.id} (${fmtDuration(r.duration_s)}${hr})`, r.id));
  }
  const q = new URLSearchParams(location.search);
  const wanted = records.some((r) => r.id === q.get('record')) ? q.get('record') : records[0].id;
  state.width = [5, 10, 20, 30, 60].includes(Number(q.get('width'))) ? Number(q.get('width')) : 10;
  state.lead = Math.max(0, Number(q.get('lead')) || 0);
  $('window-width').value = String(state.width);

  select.addEventListener('change', () => selectRecord(select.value, 0));
  $('window-start').addEventListener('input', (e) => {
    state.start = Number(e.target.value);
    loadWindow();
  });
  $('window-width').addEventListener('change', (e) => {
    state.width = Number(e.target.value);
    updateSlider();
    loadWindow();
  });
  new ResizeObserver(() => {
    if (ecgPlot) ecgPlot.setSize({ width: plotWidth($('ecg')), height: ecgPlot.height });
    if (hrPlot) hrPlot.setSize({ width: plotWidth($('hr')), height: hrPlot.height });
  }).observe($('ecg'));

  await selectRecord(wanted, Math.max(0, Number(q.get('start')) || 0));
}

async function selectRecord(id, start) {
  $('record').value = id;
  const [detail, hr] = await Promise.all([getJson(`/api/records/${id}`), getJson(`/api/records/${id}/hr`)]);
  state.record = id;
  state.detail = detail;
  state.hr = hr;
  state.lead = Math.min(state.lead, detail.signals.length - 1);
  state.start = start;
  showLeads(detail);
  showMetrics(detail);
  updateSlider();
  drawHeartRate();
  await loadWindow();
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

function updateSlider() {
  const slider = $('window-start');
  const max = Math.max(0, Math.floor(state.detail.duration_s - state.width));
  slider.max = String(max);
  state.start = Math.min(Math.max(0, Math.round(state.start)), max);
  slider.value = String(state.start);
}

async function loadWindow() {
  const request = ++latest;
  const { record, lead, start, width } = state;
  const end = start + width;
  // two points (a bucket's min and max) per pixel column are all a screen can show
  const points = Math.min(20000, 2 * plotWidth($('ecg')));
  let trace;
  let beats;
  try {
    [trace, beats] = await Promise.all([
      getJson(`/api/records/${record}/trace?start=${start}&end=${end}&maxPoints=${points}&lead=${lead}`),
      getJson(`/api/records/${record}/beats?start=${start}&end=${end}`),
    ]);
  } catch (e) {
    if (request === latest) $('status').textContent = `Could not load the window: ${e.message}`;
    return;
  }
  if (request !== latest) return;
  drawEcg(trace, beats, lead);
  const name = state.detail.signals[lead].name;
  $('ecg-title').textContent = `Record ${record} · ${name}`;
  $('window-label').textContent = `${fmtTime(start)} – ${fmtTime(end)}`;
  $('window-start').setAttribute('aria-valuetext', `${fmtTime(start)} to ${fmtTime(end)}`);
  $('status').textContent = `Record ${record}, lead ${name}, ${fmtTime(start)} to ${fmtTime(end)}: `
    + `${beats.detected.time_s.length} detected beats, ${beats.reference.time_s.length} reference annotations.`;
  history.replaceState(null, '', `?record=${record}&start=${start}&width=${width}&lead=${lead}`);
  if (hrPlot) hrPlot.redraw(false);
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
}

// Reference annotations that share a sample (a rhythm label on a beat) become one mark with both symbols.
function mergeBySample(marks, lead) {
  const out = { time_s: [], mv: [], symbols: [] };
  marks.time_s.forEach((t, i) => {
    const last = out.time_s.length - 1;
    if (last >= 0 && out.time_s[last] === t) {
      out.symbols[last] += marks.symbols[i];
    } else {
      out.time_s.push(t);
      out.mv.push(marks.mv[lead][i]);
      out.symbols.push(marks.symbols[i]);
    }
  });
  return out;
}

function drawEcg(trace, beats, lead) {
  const l = trace.leads[0];
  referenceMarks = mergeBySample(beats.reference, lead);
  const data = uPlot.join([
    [l.time_s, l.mv],
    [beats.detected.time_s, beats.detected.mv[lead]],
    [referenceMarks.time_s, referenceMarks.mv],
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
      { label: 'Reference', paths: () => null, points: { show: true, size: 15, width: 2, fill: 'transparent', stroke: color('--reference') } },
    ],
    hooks: { draw: [drawSymbols] },
  }, data, $('ecg'));
}

function drawSymbols(u) {
  const ctx = u.ctx;
  ctx.save();
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

function drawHeartRate() {
  const data = [state.hr.time_s, state.hr.bpm];
  if (hrPlot) {
    hrPlot.setData(data);
    return;
  }
  hrPlot = new uPlot({
    width: plotWidth($('hr')),
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
      { label: 'bpm', size: 56, grid: { stroke: '#eef0f3' } },
    ],
    series: [{}, { label: 'Heart rate', stroke: color('--accent'), width: 1, points: { show: false } }],
    hooks: { draw: [shadeWindow], ready: [(u) => u.over.addEventListener('click', () => jumpTo(u))] },
  }, data, $('hr'));
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
