//! The callout shown when this server may not talk to the cloud
//! (`GET /organizations/connections/enabled` is `false`): what the server
//! operator has to add to `bwdata/env/global.override.env`, for a US or an
//! EU cloud organization, and how to apply it.

use crate::components::{Callout, CalloutKind};
use crate::i18n::{use_i18n, Key};
use yew::prelude::*;

/// The setting that enables cloud communication (US cloud: nothing else).
pub const US_SETTINGS: &[&str] = &["globalSettings__enableCloudCommunication=true"];

/// The settings for a cloud organization on the EU servers.
pub const EU_SETTINGS: &[&str] = &[
    "globalSettings__enableCloudCommunication=true",
    "globalSettings__baseServiceUri__cloudRegion=EU",
    "globalSettings__installation__identityUri=https://identity.bitwarden.eu",
    "globalSettings__installation__apiUri=https://api.bitwarden.eu",
    "globalSettings__pushRelayBaseUri=https://push.bitwarden.eu",
];

/// Bitwarden's restart command on its own installations.
const BITWARDEN_RESTART: &str = "./bitwarden.sh restart";

/// The callout (`#cloud-communication-disabled`).
#[component]
pub fn CloudCommunicationDisabled() -> Html {
    let i18n = use_i18n();
    html! {
        <Callout kind={CalloutKind::Warning} id="cloud-communication-disabled">
            <p><strong>{ i18n.t(Key::CloudCommunicationDisabledTitle) }</strong></p>
            <p>{ i18n.t(Key::CloudCommunicationDisabledIntro) }</p>
            <p class="settings-label" id="cloud-settings-us-label">{ i18n.t(Key::CloudRegionUs) }</p>
            <pre id="cloud-settings-us" class="settings" aria-labelledby="cloud-settings-us-label">
                <code>{ US_SETTINGS.join("\n") }</code>
            </pre>
            <p class="settings-label" id="cloud-settings-eu-label">{ i18n.t(Key::CloudRegionEu) }</p>
            <pre id="cloud-settings-eu" class="settings" aria-labelledby="cloud-settings-eu-label">
                <code>{ EU_SETTINGS.join("\n") }</code>
            </pre>
            <p>{ i18n.t(Key::CloudRegionMustMatch) }</p>
            <p>{ i18n.t(Key::CloudCommunicationRestart) }</p>
            <ul class="restart-list">
                <li>{ i18n.t(Key::RestartBitwarden) }{ " " }<code>{ BITWARDEN_RESTART }</code></li>
                <li>{ i18n.t(Key::RestartThisServer) }</li>
            </ul>
            <p>{ i18n.t(Key::ManualUploadStillAvailable) }</p>
        </Callout>
    }
}
