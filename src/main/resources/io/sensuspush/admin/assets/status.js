// Draws the status page's two charts with uPlot from the JSON embedded in the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var bars = uPlot.paths.bars({ size: [0.8, 60] });

  function width(el) { return Math.max(300, el.clientWidth); }

  function hourLabel(ts) {
    var d = new Date(ts * 1000);
    return String(d.getUTCHours()).padStart(2, "0") + ":" + String(d.getUTCMinutes()).padStart(2, "0");
  }

  function chart(id, series, values) {
    var el = document.getElementById(id);
    var opts = {
      width: width(el), height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(4, max * 1.15)]; } } },
      axes: [
        { values: function (u, ticks) { return ticks.map(hourLabel); }, grid: { stroke: "#eef0f3" } },
        { grid: { stroke: "#eef0f3" }, size: 50 }
      ],
      series: [{ value: function (u, v) { return v == null ? "" : new Date(v * 1000).toISOString(); } }].concat(series)
    };
    return new uPlot(opts, values, el);
  }

  var pending = chart("chart-pending",
    [{ label: "requests", stroke: "#2f6fde", fill: "rgba(47,111,222,0.55)", paths: bars, points: { show: false } }],
    data.pending);
  var pushes = chart("chart-pushes",
    [{ label: "delivered", stroke: "#2f6fde", fill: "rgba(47,111,222,0.6)", paths: bars, points: { show: false } },
     { label: "failed", stroke: "#c0392b", fill: "rgba(192,57,43,0.75)", paths: bars, points: { show: false } }],
    data.pushes);

  window.addEventListener("resize", function () {
    [pending, pushes].forEach(function (u) { u.setSize({ width: width(u.root.parentNode), height: 220 }); });
  });
})();
