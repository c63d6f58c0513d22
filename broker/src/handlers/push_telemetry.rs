//! PushTelemetry (KIP-714): a client instance's metrics, checked as Kafka
//! checks them (interval, subscription id, compression, size: see
//! `crate::client_metrics`), then counted and dropped. The first push of a
//! client instance is logged.

use protocol::messages::{PushTelemetryRequest, PushTelemetryResponse};

use crate::broker::Broker;
use crate::client_metrics::{ClientMetadata, Push};
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: PushTelemetryRequest,
) -> PushTelemetryResponse {
    let state = broker.state();
    let push = Push {
        client_instance_id: request.client_instance_id,
        subscription_id: request.subscription_id,
        terminating: request.terminating,
        compression_type: request.compression_type,
        metrics_len: request.metrics.len(),
    };
    let result = broker.client_metrics.push(
        &state.client_metrics,
        &push,
        ClientMetadata::of(ctx),
        storage::log::now_ms(),
    );
    let error_code = match result {
        Ok(first) => {
            if first {
                tracing::info!(client_id = ctx.client_id, instance = %push.client_instance_id, bytes = push.metrics_len, "first client telemetry received");
            } else {
                tracing::debug!(
                    client_id = ctx.client_id,
                    bytes = push.metrics_len,
                    terminating = push.terminating,
                    "client telemetry received"
                );
            }
            0
        }
        Err(e) => {
            tracing::debug!(client_id = ctx.client_id, error = %e.message, "client telemetry refused");
            e.code
        }
    };
    PushTelemetryResponse {
        error_code,
        ..Default::default()
    }
}
