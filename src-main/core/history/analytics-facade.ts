import type { AnalyticsReport, AnalyticsRequest } from '../../../src-shared/annotations';
import { analyticsCsv, analyticsReport } from './analytics';
import type { Archive } from './archive';

/** `core.analytics`: counts over the archived calls, and the same as CSV. */
export class AnalyticsFacade {
  constructor(private readonly archive: Archive) {}

  report(request: AnalyticsRequest): AnalyticsReport {
    return analyticsReport(this.archive.database, this.archive.names, request);
  }

  csv(request: AnalyticsRequest): Iterable<string> {
    return analyticsCsv(this.report(request));
  }
}
