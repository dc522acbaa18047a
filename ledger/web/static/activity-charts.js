// The township's and county's charts (ledger/web/workbench/activity.py): Apache ECharts,
// served by this server (echarts.min.js beside this file), draws each [data-chart] box from
// the numbers in the page's #activity-data block; the table under each box has the same
// numbers. A file of its own: the pages' Content-Security-Policy allows no inline script.
(function () {
  var source = document.getElementById("activity-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var grid = { left: 48, right: 12, top: 36, bottom: 48, containLabel: true };
  var legend = { top: 0, type: "scroll" };
  function bars(names, values, horizontal) {
    var category = { type: "category", data: names, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } };
    var value = { type: "value" };
    return {
      grid: grid, tooltip: { trigger: "axis" },
      xAxis: horizontal ? value : category, yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
      series: [{ type: "bar", data: values, itemStyle: { color: "#c0392b" } }]
    };
  }
  function grouped(series) {
    var names = Object.keys(series);
    return {
      grid: grid, legend: legend, tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.months }, yAxis: { type: "value" },
      series: names.map(function (name) { return { name: name, type: "bar", data: series[name] }; })
    };
  }
  var options = {
    participation: {
      grid: grid, legend: legend, tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.villages.map(function (name, index) {
        return { name: name, type: "line", data: data.participation[index] };
      })
    },
    points: grouped(data.points),
    fund: grouped(data.fund),
    stock: bars(data.villages, data.stock, true),
    ranking: bars(data.villages, data.ranking, true)
  };
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var option = options[box.getAttribute("data-chart")];
    if (!option) { return; }
    // A tall box for the per-village bars, so each village has a line of its own.
    if (box.getAttribute("data-chart") === "stock" || box.getAttribute("data-chart") === "ranking") {
      box.style.height = Math.max(240, 28 * data.villages.length + 60) + "px";
    }
    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false, aria: { enabled: false } }, option));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
