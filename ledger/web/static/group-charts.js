// A village's groups in charts (ledger/web/workbench/village_activity.py): Apache ECharts,
// served by this server, draws each [data-chart] box from the page's #group-activity-data
// block — participation as a line per group, points as bars per group and month. The table
// under each box has the same numbers. A file of its own: no inline script under the CSP.
(function () {
  var source = document.getElementById("group-activity-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var chart = data.charts[box.getAttribute("data-chart")];
    if (!chart) { return; }
    var value = chart.percent ? { type: "value", max: 100, axisLabel: { formatter: "{value}%" } } : { type: "value" };
    var drawn = echarts.init(box, null, { renderer: "canvas" });
    drawn.setOption({
      animation: false, aria: { enabled: false },
      grid: { left: 48, right: 12, top: 36, bottom: 48, containLabel: true },
      legend: { top: 0, type: "scroll" }, tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.months }, yAxis: value,
      series: chart.series.map(function (s) {
        return { name: s.name, type: chart.percent ? "line" : "bar", data: s.data };
      })
    });
    charts.push(drawn);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
