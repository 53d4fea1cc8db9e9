//! The callout shown when this server may not talk to the cloud
//! (`GET /organizations/connections/enabled` is `false`): one sentence on
//! what is wrong, the line a server administrator adds to
//! `bwdata/env/global.override.env`, the extra lines for an EU cloud
//! organization, the region note, how to apply them and which hosts the
//! firewall must allow, in the seed's sentences.

use crate::components::{Callout, CalloutKind};
use crate::i18n::{split_at_placeholder, use_i18n, Key};
use yew::prelude::*;

/// The setting that enables cloud communication (US cloud: nothing else).
pub const US_SETTINGS: &[&str] = &["globalSettings__enableCloudCommunication=true"];

/// What a cloud organization on the EU servers needs in addition to
/// [`US_SETTINGS`].
pub const EU_SETTINGS: &[&str] = &[
    "globalSettings__baseServiceUri__cloudRegion=EU",
    "globalSettings__installation__identityUri=https://identity.bitwarden.eu",
    "globalSettings__installation__apiUri=https://api.bitwarden.eu",
    "globalSettings__pushRelayBaseUri=https://push.bitwarden.eu",
];

/// Bitwarden's restart command on its own installations.
pub const BITWARDEN_RESTART: &str = "./bitwarden.sh restart";

/// The callout (`#cloud-communication-disabled`).
#[component]
pub fn CloudCommunicationDisabled() -> Html {
    let i18n = use_i18n();
    let (before, after) = split_at_placeholder(i18n.t(Key::CloudCommunicationRestart), "command");
    html! {
        <Callout kind={CalloutKind::Warning} id="cloud-communication-disabled">
            <p><strong>{ i18n.t(Key::CloudCommunicationDisabledTitle) }</strong></p>
            <p class="settings-label" id="cloud-settings-us-label">
                { i18n.t(Key::CloudCommunicationDisabledIntro) }
            </p>
            <pre id="cloud-settings-us" class="settings" aria-labelledby="cloud-settings-us-label">
                <code>{ US_SETTINGS.join("\n") }</code>
            </pre>
            <p class="settings-label" id="cloud-settings-eu-label">{ i18n.t(Key::CloudRegionEu) }</p>
            <pre id="cloud-settings-eu" class="settings" aria-labelledby="cloud-settings-eu-label">
                <code>{ EU_SETTINGS.join("\n") }</code>
            </pre>
            <p id="cloud-region-note">{ i18n.t(Key::CloudRegionNote) }</p>
            <p id="cloud-settings-restart">
                { before }
                if let Some(after) = after {
                    <code>{ BITWARDEN_RESTART }</code>{ after }
                }
            </p>
            <p id="cloud-firewall-note">{ i18n.t(Key::FirewallHosts) }</p>
        </Callout>
    }
}
