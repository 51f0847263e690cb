// The digest's public surface: the data type, building it from the store's aggregates, the periods,
// and the renderers every platform can reuse (Markdown, forum topic, HTML, the chart's SVG).
export {
  buildDigest,
  type BuildOptions,
  delta,
  emptyOutcomes,
  heldOf,
  leadVerb,
  patternText,
} from './build.ts';
export { CATEGORY_COLORS, CATEGORY_ORDER, CHART_HEIGHT, CHART_WIDTH, renderChartSvg } from './chart.ts';
export type { DigestFigures, DigestQuery, DigestRuns, DigestSource, OutcomeCell } from './figures.ts';
export { type HtmlOptions, renderHtml } from './html.ts';
export {
  formatDelta,
  formatDuration,
  type MarkdownOptions,
  OUTCOME_LABELS,
  periodLabel,
  renderForumTopic,
  renderMarkdown,
} from './markdown.ts';
export {
  assertTimeZone,
  lastScheduledPeriod,
  localDate,
  localDates,
  localParts,
  parseSince,
  type WeeklySchedule,
  zonedTime,
} from './period.ts';
export * from './types.ts';
export {
  computeDigest,
  DEFAULT_DIGEST_SETTINGS,
  type DigestRequest,
  type DigestSettings,
} from './compute.ts';
export {
  type DigestScheduleDeps,
  type DigestTarget,
  type PostedDigest,
  runDueDigests,
  targetKey,
} from './schedule.ts';
