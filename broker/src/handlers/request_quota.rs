//! The request quota in the dispatch (KIP-124, Kafka's
//! `ClientRequestQuotaManager` as `RequestHandlerHelper` applies it): which
//! requests are measured, what is recorded, and how its throttle joins the
//! byte-rate and controller mutation ones.
//!
//! - A request is measured only when some client quota has a
//!   `request_percentage` (`ClientQuotaManager::any_quota`, constant time)
//!   and one applies to its client; otherwise its handler runs unwrapped.
//! - What is recorded is the time spent in the handler's polls
//!   (`crate::thread_time`), as a percentage of one thread.
//! - Exempt: ApiVersions and the SASL APIs (Kafka answers them before
//!   authentication without a quota), an acks=0 produce (as Kafka), and
//!   inter-broker requests: a connection shown to be a replica by its
//!   fetches, or, with an authorizer, a principal with ClusterAction on the
//!   cluster (checked only when a quota applies, without an audit line).
//! - The throttle joins the others as Kafka's: the response's
//!   `throttle_time_ms` and the connection's mute are the larger one. The
//!   answer itself is sent in full, except a Fetch, which Kafka answers
//!   empty when either quota throttles it (`handlers::fetch_quotas`).
//!
//! Invariant: without an authorizer no principal is exempt (every one is
//! allowed everything, so ClusterAction says nothing of who is a broker).

use protocol::messages::{ApiKey, ResponseBody};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::client_quota_manager::{nanos_to_percentage, user_of, AppliedQuota};
use crate::request_context::RequestContext;

/// The APIs Kafka never counts against the request quota.
const EXEMPT_APIS: [ApiKey; 3] = [
    ApiKey::ApiVersions,
    ApiKey::SaslHandshake,
    ApiKey::SaslAuthenticate,
];

/// The request quota of the client of `ctx`, when one applies to the
/// request (whose handler is then timed).
pub fn applies(broker: &Broker, ctx: &RequestContext<'_>) -> Option<AppliedQuota> {
    if EXEMPT_APIS.contains(&ctx.api) {
        return None;
    }
    let state = broker.state();
    let manager = &broker.request_quotas;
    if !manager.any_quota(&state.client_quotas, state.applied) {
        return None;
    }
    manager.applied(&state.client_quotas, user_of(ctx.principal), ctx.client_id)
}

/// Records `thread_nanos` spent on the request of `ctx` and returns how
/// long to throttle its client: 0 within its quota, or for an inter-broker
/// request (`replica`: the broker the connection was shown to come from).
pub fn record(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    replica: Option<i32>,
    quota: &AppliedQuota,
    thread_nanos: u64,
) -> u64 {
    if replica.is_some() || has_cluster_action(broker, ctx) {
        return 0;
    }
    let now_ms = storage::log::now_ms() as u64;
    broker
        .request_quotas
        .record_applied(quota, nanos_to_percentage(thread_nanos), now_ms)
}

/// Whether the principal of `ctx` may act as a broker (ClusterAction on the
/// cluster), with an authorizer; a denial is not an audited refusal.
fn has_cluster_action(broker: &Broker, ctx: &RequestContext<'_>) -> bool {
    broker.authorizer.enabled()
        && broker.authorizer.allows(
            &broker.state().acls,
            ctx,
            op::CLUSTER_ACTION,
            Resource::Cluster,
            CLUSTER,
        )
}

/// Sets the response's `throttle_time_ms` to the larger of the one it has
/// (a byte-rate or mutation throttle) and `request_throttle`, for the
/// responses that have the field (Kafka's `maybeSetThrottleTimeMs`).
pub fn set_throttle_time(response: &mut ResponseBody, request_throttle: u64) {
    if request_throttle == 0 {
        return;
    }
    let given = response.throttle_time_ms().unwrap_or(0);
    let request = i32::try_from(request_throttle).unwrap_or(i32::MAX);
    response.maybe_set_throttle_time_ms(given.max(request));
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::messages::{CreateTopicsResponse, MetadataResponse};

    #[test]
    fn the_larger_throttle_is_answered() {
        let mut metadata = ResponseBody::Metadata(MetadataResponse::default());
        set_throttle_time(&mut metadata, 0);
        assert_eq!(metadata.throttle_time_ms(), Some(0));
        set_throttle_time(&mut metadata, 700);
        assert_eq!(metadata.throttle_time_ms(), Some(700));
        // A mutation quota's longer throttle stays.
        let mut create = ResponseBody::CreateTopics(CreateTopicsResponse {
            throttle_time_ms: 2_000,
            ..Default::default()
        });
        set_throttle_time(&mut create, 700);
        assert_eq!(create.throttle_time_ms(), Some(2_000));
        set_throttle_time(&mut create, 3_000);
        assert_eq!(create.throttle_time_ms(), Some(3_000));
    }
}
