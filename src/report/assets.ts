/** The report's one stylesheet and one script, written next to the pages (no server, no network). */

export const REPORT_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; color: #1d232b; background: #f6f7f9; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #d9dde3; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { color: #56606c; }
main { padding: 12px 20px; }
a { color: #1450a3; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 14px; }
th, td { border: 1px solid #d9dde3; padding: 3px 6px; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bad, .fail { color: #b3261e; font-weight: 600; }
.ok { color: #19733a; }
.muted { color: #6b7480; }
.layout { display: flex; gap: 16px; align-items: flex-start; }
.content { flex: 1 1 55%; min-width: 0; overflow-x: auto; }
#viewer { flex: 1 1 45%; position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; background: #fff; border: 1px solid #d9dde3; padding: 8px; }
#viewer .nav { margin-bottom: 6px; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
#viewer .nav button.on { background: #1450a3; color: #fff; }
.sheet { position: relative; width: 100%; }
.sheet img { display: block; width: 100%; height: auto; }
.hl { position: absolute; border: 2px solid #e8590c; background: rgba(255, 170, 0, .22); pointer-events: none; }
.hl.l { border-color: #b3261e; background: rgba(179, 38, 30, .18); }
.hl.r { border-color: #1450a3; background: rgba(20, 80, 163, .16); }
[data-boxes] { cursor: pointer; }
[data-boxes]:hover { outline: 1px dashed #e8590c; }
.selected { outline: 2px solid #e8590c !important; background: #fff3e0; }
td.low { background: #fff4c2; }
td.repaired { background: #e7f0ff; }
td.in-fail { box-shadow: inset 0 0 0 2px #f1a7a2; }
li { margin: 2px 0; }
h2 { font-size: 17px; margin: 18px 0 6px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
`;

/** Click anything with data-boxes: its page is shown with a box on each place it names. */
export const REPORT_JS = `
(function () {
  var pages = JSON.parse(document.getElementById('pages').textContent);
  var viewer = document.getElementById('viewer');
  if (!viewer) return;
  var nav = viewer.querySelector('.nav');
  var sheet = viewer.querySelector('.sheet');
  var img = sheet.querySelector('img');
  var current = { boxes: [], page: null, el: null };
  function draw() {
    sheet.querySelectorAll('.hl').forEach(function (h) { h.remove(); });
    var info = pages[current.page];
    if (!info) { img.removeAttribute('src'); img.alt = 'page ' + current.page + ' was not rendered'; return; }
    img.alt = 'page ' + current.page;
    if (img.getAttribute('src') !== info.file) img.setAttribute('src', info.file);
    current.boxes.forEach(function (b) {
      if (b.p !== current.page || !b.b) return;
      var h = document.createElement('div');
      h.className = 'hl' + (b.s ? ' ' + b.s : '');
      h.style.left = (100 * b.b[0] / info.pageWidth) + '%';
      h.style.top = (100 * b.b[1] / info.pageHeight) + '%';
      h.style.width = (100 * (b.b[2] - b.b[0]) / info.pageWidth) + '%';
      h.style.height = (100 * (b.b[3] - b.b[1]) / info.pageHeight) + '%';
      sheet.appendChild(h);
    });
    var first = sheet.querySelector('.hl');
    // Scroll the viewer, not the window: the list clicked stays where it is.
    if (first) viewer.scrollTop = Math.max(0, sheet.offsetTop + first.offsetTop - viewer.clientHeight / 2);
  }
  function show(boxes, page, el) {
    current = { boxes: boxes, page: page, el: el };
    var ps = [];
    boxes.forEach(function (b) { if (ps.indexOf(b.p) < 0) ps.push(b.p); });
    nav.innerHTML = '';
    var label = document.createElement('span');
    label.textContent = ps.length ? 'page' + (ps.length > 1 ? 's' : '') + ':' : 'no page';
    nav.appendChild(label);
    ps.forEach(function (p) {
      var btn = document.createElement('button');
      btn.textContent = String(p);
      btn.className = p === page ? 'on' : '';
      btn.onclick = function () { show(boxes, p, el); };
      nav.appendChild(btn);
    });
    draw();
  }
  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('[data-boxes]');
    if (!el) return;
    document.querySelectorAll('.selected').forEach(function (s) { s.classList.remove('selected'); });
    el.classList.add('selected');
    var boxes = JSON.parse(el.getAttribute('data-boxes'));
    if (!boxes.length) return;
    var lead = boxes.filter(function (b) { return b.s === 'l'; })[0] || boxes[0];
    show(boxes, lead.p, el);
  });
  img.addEventListener('load', draw);
})();
`;
