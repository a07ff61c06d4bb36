package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.metrics.DscoMetrics;
import eu.xtreemos.ds.dsco.metrics.StatsReport;

/** STATS: this dsco's metrics as KEY/VALUE pairs (any caller the API admits: counts reveal no client). */
final class StatsApi {
    private final DscoMetrics metrics;

    StatsApi(DscoMetrics metrics) {
        this.metrics = metrics;
    }

    ApiMessage stats(ApiMessage rq) {
        ApiMessage r = ApiMessage.reply(rq, Status.OK);
        StatsReport.of(metrics).forEach((k, v) -> r.add(Attr.KEY, k).add(Attr.VALUE, v));
        return r;
    }
}
