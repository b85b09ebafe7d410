// The traffic chart: bytes sent and received over time (Chart.js, from its WebJar), peaks marked.
// Zoom: the range buttons (15 min to 30 days), dragging across the chart to zoom in, "zoom out".

import { getJson } from './api.js';
import { el, replace, message } from './dom.js';
import { bytes, shortTime, span, time } from './format.js';

const RANGES = [['15m', 15 * 60e3], ['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 86400e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3]];
const LONGEST = 30 * 86400e3;
const SHORTEST = 60e3;

export class TrafficChart {
  /** container: an element to fill; filter: {program, host, remote} for an inspect view. */
  constructor(container, filter = {}) {
    this.filter = filter;
    this.length = 3600e3;
    this.end = null; // null: follows now
    this.caption = el('span', { class: 'chart-caption', id: 'chart-caption' });
    const buttons = RANGES.map(([label, ms]) => el('button', {
      type: 'button', class: 'range', 'data-range': label,
      onclick: () => { this.length = ms; this.end = null; this.load(); },
    }, label));
    const out = el('button', { type: 'button', class: 'range', id: 'zoom-out', onclick: () => this.zoomOut() }, 'zoom out');
    this.selection = el('div', { class: 'chart-selection' });
    this.canvas = el('canvas', { id: 'traffic-canvas', 'aria-label': 'traffic chart' });
    this.frame = el('div', { class: 'chart-frame' }, this.canvas, this.selection);
    replace(container, el('div', { class: 'chart-toolbar' }, buttons, out, this.caption), this.frame);
    this.chart = new window.Chart(this.canvas, this.config());
    this.dragging();
    this.timer = setInterval(() => { if (this.end === null) { this.load(); } }, 10000);
  }

  config() {
    return {
      type: 'line',
      data: {
        datasets: [
          { label: 'sent', data: [], borderColor: '#d9480f', backgroundColor: 'rgba(217,72,15,0.15)', fill: true, pointRadius: 0, borderWidth: 1.5, stepped: true },
          { label: 'received', data: [], borderColor: '#1971c2', backgroundColor: 'rgba(25,113,194,0.15)', fill: true, pointRadius: 0, borderWidth: 1.5, stepped: true },
          { label: 'peak', type: 'scatter', data: [], pointStyle: 'triangle', pointRadius: 7, backgroundColor: '#e03131', borderColor: '#e03131' },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', ticks: { callback: (v) => shortTime(v, this.length), maxTicksLimit: 8 } },
          y: { beginAtZero: true, ticks: { callback: (v) => bytes(v) } },
        },
        plugins: {
          tooltip: { callbacks: { title: (items) => (items.length ? time(new Date(items[0].parsed.x).toISOString()) : ''), label: (i) => `${i.dataset.label}: ${bytes(i.parsed.y)}` } },
        },
      },
    };
  }

  /** The window shown: [from, to] in ms. */
  window() {
    const to = this.end === null ? Date.now() : this.end;
    return [to - this.length, to];
  }

  async load() {
    const [from, to] = this.window();
    let data;
    try {
      data = await getJson('/api/traffic', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...this.filter });
    } catch (e) {
      message(`traffic chart: ${e.message}`);
      return;
    }
    this.show(data, from, to);
  }

  /** Draws a response of /api/traffic or of an inspect view (same bucket fields). */
  show(data, from, to) {
    const step = data.step_seconds * 1000;
    const sent = data.buckets.map((b) => ({ x: Date.parse(b.start), y: b.sent }));
    const received = data.buckets.map((b) => ({ x: Date.parse(b.start), y: b.received }));
    const peaks = data.peaks.map((i) => data.buckets[i]).map((b) => ({ x: Date.parse(b.start), y: Math.max(b.sent, b.received) }));
    this.chart.data.datasets[0].data = sent;
    this.chart.data.datasets[1].data = received;
    this.chart.data.datasets[2].data = peaks;
    this.chart.options.scales.x.min = from ?? Date.parse(data.from);
    this.chart.options.scales.x.max = to ?? Date.parse(data.to);
    this.chart.update();
    const end = this.end === null ? 'now' : time(new Date(this.end).toISOString());
    this.caption.textContent = `${span(this.length)} to ${end}, step ${step < 60e3 ? `${data.step_seconds} s` : span(step)} · sent ${bytes(data.total.sent)} · received ${bytes(data.total.received)} · ${data.peaks.length} peak(s)`;
    this.canvas.setAttribute('data-from', data.from);
    this.canvas.setAttribute('data-to', data.to);
    this.canvas.setAttribute('data-step', String(data.step_seconds));
  }

  zoomOut() {
    const [from, to] = this.window();
    const middle = (from + to) / 2;
    this.length = Math.min(LONGEST, this.length * 4);
    const end = middle + this.length / 2;
    this.end = end >= Date.now() ? null : end;
    this.load();
  }

  /** Drag across the chart to zoom into that stretch of time. */
  dragging() {
    let start = null;
    const area = () => this.chart.chartArea;
    const x = (e) => {
      const r = this.canvas.getBoundingClientRect();
      return Math.min(Math.max(e.clientX - r.left, area().left), area().right);
    };
    this.canvas.addEventListener('mousedown', (e) => {
      start = x(e);
      this.selection.style.left = `${start}px`;
      this.selection.style.width = '0px';
      this.selection.classList.add('active');
    });
    window.addEventListener('mousemove', (e) => {
      if (start === null) {
        return;
      }
      const now = x(e);
      this.selection.style.left = `${Math.min(start, now)}px`;
      this.selection.style.width = `${Math.abs(now - start)}px`;
    });
    window.addEventListener('mouseup', (e) => {
      if (start === null) {
        return;
      }
      const a = Math.min(start, x(e));
      const b = Math.max(start, x(e));
      start = null;
      this.selection.classList.remove('active');
      if (b - a < 5) {
        return;
      }
      const scale = this.chart.scales.x;
      const from = scale.getValueForPixel(a);
      const to = scale.getValueForPixel(b);
      this.length = Math.max(SHORTEST, to - from);
      this.end = from + this.length >= Date.now() ? null : from + this.length;
      this.load();
    });
  }
}
