//! GetTelemetrySubscriptions (KIP-714): the metrics a client instance is
//! asked to push and how often, from the `client-metrics` subscriptions it
//! matches (see `crate::client_metrics`). Any client may ask; a zero
//! instance id is given a new one.

use protocol::messages::{GetTelemetrySubscriptionsRequest, GetTelemetrySubscriptionsResponse};

use crate::broker::Broker;
use crate::client_metrics::ClientMetadata;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: GetTelemetrySubscriptionsRequest,
) -> GetTelemetrySubscriptionsResponse {
    let state = broker.state();
    let answer = broker.client_metrics.get_subscriptions(
        &state.client_metrics,
        request.client_instance_id,
        ClientMetadata::of(ctx),
        storage::log::now_ms(),
    );
    match answer {
        Ok(a) => GetTelemetrySubscriptionsResponse {
            client_instance_id: a.client_instance_id,
            subscription_id: a.subscription_id,
            accepted_compression_types: a.accepted_compression_types,
            push_interval_ms: a.push_interval_ms,
            telemetry_max_bytes: a.telemetry_max_bytes,
            delta_temporality: true,
            requested_metrics: a.requested_metrics,
            ..Default::default()
        },
        Err(e) => {
            tracing::debug!(client_id = ctx.client_id, error = %e.message, "telemetry subscription refused");
            GetTelemetrySubscriptionsResponse {
                error_code: e.code,
                ..Default::default()
            }
        }
    }
}
