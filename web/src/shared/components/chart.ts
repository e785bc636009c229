// The ECharts option type every chart of the console is drawn from (bar and pie charts with a
// grid, legend and tooltip): what shared/components/EChart.vue registers and accepts. Types
// only, so the features' option builders stay pure and unit-tested without a canvas.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
