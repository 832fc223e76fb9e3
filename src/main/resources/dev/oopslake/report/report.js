// Draws the report's charts from the JSON in the chart-data element, with ECharts' SVG renderer.
// Tooltips are built here and every string in them is escaped: ECharts puts tooltip HTML in the page.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777',
    '#65a30d', '#475569', '#ea580c'];
  var font = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';
  var drawn = 0;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function short(s, n) {
    s = String(s);
    return s.length > n ? s.slice(0, n - 1) + '\u2026' : s;
  }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    var chart = echarts.init(el, null, {renderer: 'svg'});
    option.animation = false;
    option.color = palette;
    option.textStyle = {fontFamily: font, color: '#334155'};
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-drawn', 'true');
    drawn++;
  }

  if (data.trends && data.trends.series.length) {
    var t = data.trends;
    draw('chart-trends', {
      grid: {left: 48, right: 24, top: 32, bottom: 40 + 22 * Math.ceil(t.series.length / 3)},
      tooltip: {
        trigger: 'axis',
        formatter: function (ps) {
          var lines = ['<b>' + esc(ps[0].axisValue) + '</b>'];
          ps.forEach(function (p) {
            lines.push(p.marker + esc(short(t.series[p.seriesIndex].title, 70)) + ': <b>' + esc(p.value) + '</b>');
          });
          return lines.join('<br>');
        }
      },
      legend: {bottom: 0, left: 40, right: 16, type: 'plain', itemGap: 16, textStyle: {fontSize: 11, width: 330, overflow: 'truncate'}},
      xAxis: {type: 'category', data: t.days, boundaryGap: false,
        axisLabel: {formatter: function (d) { return d.slice(5); }}},
      yAxis: {type: 'value', name: 'crashes / day', nameTextStyle: {align: 'left'}, minInterval: 1},
      series: t.series.map(function (s, i) {
        return {name: '#' + (i + 1) + ' ' + short(s.title, 56), type: 'line', data: s.crashes,
          showSymbol: false, lineStyle: {width: 2}, emphasis: {focus: 'series'}};
      })
    });
  }

  if (data.heat && data.heat.cells.length) {
    var h = data.heat;
    draw('chart-heat', {
      grid: {left: 8, right: 24, top: 8, bottom: 40, containLabel: true},
      tooltip: {
        formatter: function (p) {
          return esc(h.releases[p.value[1]]) + '<br>' + esc(h.modules[p.value[0]]) + ': <b>' + esc(p.value[2]) + '</b> crashes';
        }
      },
      xAxis: {type: 'category', data: h.modules, splitArea: {show: true},
        axisLabel: {rotate: 40, fontSize: 11, formatter: function (m) { return short(m, 22); }}},
      yAxis: {type: 'category', data: h.releases, inverse: true, splitArea: {show: true},
        axisLabel: {fontSize: 11, formatter: function (r) { return short(r, 34); }}},
      visualMap: {min: 0, max: Math.max(1, h.max), calculable: false, orient: 'horizontal', left: 'right', bottom: 0,
        itemHeight: 120, inRange: {color: ['#f8fafc', '#fde68a', '#f97316', '#b91c1c']}},
      series: [{type: 'heatmap', data: h.cells, label: {show: true, fontSize: 10,
        formatter: function (p) { return p.value[2] ? String(p.value[2]) : ''; }}}]
    });
  }

  if (data.rates && data.rates.length) {
    var r = data.rates.filter(function (x) { return x.rate !== null; });
    var names = r.map(function (x) { return x.release; });
    draw('chart-rates', {
      grid: {left: 8, right: 32, top: 24, bottom: 40, containLabel: true},
      tooltip: {
        formatter: function (p) {
          var x = r[p.dataIndex];
          return '<b>' + esc(x.release) + '</b><br>' + esc(x.rate.toFixed(2)) + ' per 1,000 host-days<br>95%: ' +
            esc(x.low === null ? '?' : x.low.toFixed(2)) + ' \u2013 ' + esc(x.high === null ? '?' : x.high.toFixed(2)) +
            '<br>' + esc(x.crashes) + ' crashes on ' + esc(x.hosts) + ' hosts';
        }
      },
      xAxis: {type: 'value', name: 'crashes per 1,000 host-days', nameLocation: 'middle', nameGap: 26},
      yAxis: {type: 'category', data: names, inverse: true,
        axisLabel: {fontSize: 11, formatter: function (n) { return short(n, 34); }}},
      series: [
        {type: 'bar', data: r.map(function (x) { return x.rate; }), barMaxWidth: 18,
          itemStyle: {color: '#93c5fd', borderRadius: [0, 3, 3, 0]}},
        {type: 'custom', data: r.map(function (x, i) { return [i, x.low, x.high]; }),
          renderItem: function (params, api) {
            if (api.value(1) === null || isNaN(api.value(1))) {
              return null;
            }
            var lo = api.coord([api.value(1), api.value(0)]);
            var hi = api.coord([api.value(2), api.value(0)]);
            var half = api.size([0, 1])[1] * 0.2;
            var style = {stroke: '#1e3a8a', lineWidth: 1.5};
            return {type: 'group', children: [
              {type: 'line', shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: style},
              {type: 'line', shape: {x1: lo[0], y1: lo[1] - half, x2: lo[0], y2: lo[1] + half}, style: style},
              {type: 'line', shape: {x1: hi[0], y1: hi[1] - half, x2: hi[0], y2: hi[1] + half}, style: style}
            ]};
          },
          encode: {x: [1, 2], y: 0}, z: 10}
      ]
    });

    var withCrashes = data.rates.filter(function (x) { return x.crashes > 0; });
    function share(key) {
      return withCrashes.map(function (x) { return Math.round(1000 * x[key] / x.crashes) / 10; });
    }
    draw('chart-taint', {
      grid: {left: 8, right: 32, top: 36, bottom: 8, containLabel: true},
      legend: {top: 0},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'},
        formatter: function (ps) {
          return '<b>' + esc(ps[0].axisValue) + '</b><br>' + ps.map(function (p) {
            return p.marker + esc(p.seriesName) + ': ' + esc(p.value) + '%';
          }).join('<br>');
        }},
      xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
      yAxis: {type: 'category', inverse: true, data: withCrashes.map(function (x) { return x.release; }),
        axisLabel: {fontSize: 11, formatter: function (n) { return short(n, 34); }}},
      series: [
        {name: 'out-of-tree (O)', type: 'bar', data: share('outOfTree'), itemStyle: {color: '#f59e0b'}},
        {name: 'unsigned (E)', type: 'bar', data: share('unsigned'), itemStyle: {color: '#8b5cf6'}},
        {name: 'proprietary (P)', type: 'bar', data: share('proprietary'), itemStyle: {color: '#ef4444'}}
      ]
    });
  }

  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();
