//! One offered sponsorship in the sponsor's table: recipient, organization,
//! status, and the options menu (resend the e-mail, remove after a
//! confirmation).

use super::Notice;
use crate::api::{sponsorships, ClientError};
use crate::components::{Button, ButtonKind, Callout, CalloutKind, Dialog};
use crate::hooks::use_action;
use crate::i18n::{use_i18n, Key};
use crate::screens::families::rules::{
    local_offset_minutes, mm_dd_yyyy, SponsorshipStatus, FAMILIES_ANNUAL_PRICE,
};
use std::rc::Rc;
use wire::organizations::ProfileOrganization;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct SponsorshipRowProps {
    pub org: ProfileOrganization,
    pub self_hosted: bool,
    pub on_changed: Callback<Notice>,
    pub on_error: Callback<Option<ClientError>>,
}

/// Where a row's options stand: the menu, then the removal confirmation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowStep {
    #[default]
    Closed,
    /// The options menu is open.
    Menu,
    /// "Remove sponsorship?" is asked.
    ConfirmRemove,
}

/// Everything that moves a row's options.
pub enum RowAction {
    /// The ⋮ button: open or close the menu.
    ToggleMenu,
    /// Escape, or a menu item was chosen.
    CloseMenu,
    /// "Remove" in the menu.
    AskRemove,
    /// Cancel, Escape, or the removal went through.
    CloseDialog,
}

/// The row's options as a reducer state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowState {
    pub step: RowStep,
}

impl Reducible for RowState {
    type Action = RowAction;

    fn reduce(self: Rc<Self>, action: RowAction) -> Rc<Self> {
        let step = match (action, self.step) {
            (RowAction::ToggleMenu, RowStep::Menu) => RowStep::Closed,
            (RowAction::ToggleMenu, RowStep::Closed) => RowStep::Menu,
            (RowAction::CloseMenu, RowStep::Menu) => RowStep::Closed,
            (RowAction::AskRemove, _) => RowStep::ConfirmRemove,
            (RowAction::CloseDialog, RowStep::ConfirmRemove) => RowStep::Closed,
            (_, unchanged) => unchanged,
        };
        Rc::new(RowState { step })
    }
}

/// One offer: recipient, organization, status and the options menu.
#[component]
pub(super) fn SponsorshipRow(props: &SponsorshipRowProps) -> Html {
    let i18n = use_i18n();
    let row = use_reducer(RowState::default);
    let resend = use_action::<(), ClientError>();
    let remove = use_action::<(), ClientError>();
    let host = crate::embed::use_host();
    let busy = resend.busy() || remove.busy();
    let (menu_open, confirming) = (
        row.step == RowStep::Menu,
        row.step == RowStep::ConfirmRemove,
    );

    let org = &props.org;
    let name = org
        .family_sponsorship_friendly_name
        .clone()
        .unwrap_or_default();
    let status = SponsorshipStatus::of_membership(org, props.self_hosted);
    let to_delete = org.family_sponsorship_to_delete.unwrap_or(false);
    let can_resend = !props.self_hosted && org.family_sponsorship_valid_until.is_none();
    let status_class = status.tone().class();

    let toggle_menu = {
        let row = row.clone();
        Callback::from(move |_: MouseEvent| row.dispatch(RowAction::ToggleMenu))
    };
    let on_menu_key = {
        let row = row.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                row.dispatch(RowAction::CloseMenu);
            }
        })
    };
    let on_remove = {
        let (row, remove) = (row.clone(), remove.clone());
        Callback::from(move |_: MouseEvent| {
            remove.reset();
            row.dispatch(RowAction::AskRemove);
        })
    };
    let on_resend = {
        let (row, resend) = (row.clone(), resend.clone());
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        let (org_id, name) = (org.id, name.clone());
        Callback::from(move |_: MouseEvent| {
            row.dispatch(RowAction::CloseMenu);
            on_error.emit(None);
            let (on_changed, on_error, name) = (on_changed.clone(), on_error.clone(), name.clone());
            resend.run_then(
                move |client| async move { sponsorships::resend(&client, org_id, &name).await },
                move |answer| match answer {
                    Ok(_) => on_changed.emit(Notice::EmailSent),
                    Err(failure) => on_error.emit(Some(failure)),
                },
            );
        })
    };
    let close_dialog = {
        let (row, remove) = (row.clone(), remove.clone());
        Callback::from(move |()| {
            if !remove.busy() {
                row.dispatch(RowAction::CloseDialog);
            }
        })
    };
    let on_confirm_remove = {
        let (row, remove) = (row.clone(), remove.clone());
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        let (org_id, self_hosted) = (org.id, props.self_hosted);
        Callback::from(move |_: MouseEvent| {
            on_error.emit(None);
            let (row, on_changed) = (row.clone(), on_changed.clone());
            let host = host.clone();
            remove.run_then(
                move |client| async move {
                    sponsorships::revoke(&client, self_hosted, org_id).await
                },
                move |answer| {
                    if answer.is_ok() {
                        host.emit(crate::embed::HostEvent::SponsorshipRevoked {
                            sponsoring_organization_id: org_id,
                        });
                        row.dispatch(RowAction::CloseDialog);
                        on_changed.emit(Notice::Removed);
                    }
                },
            );
        })
    };

    let confirmation = match org.family_sponsorship_valid_until {
        Some(date) => i18n.t_with(
            Key::RevokeAcceptedSponsorshipConfirmation,
            &[
                ("email", &name),
                ("price", FAMILIES_ANNUAL_PRICE),
                ("date", &mm_dd_yyyy(&date, local_offset_minutes(&date))),
            ],
        ),
        None => i18n.t_with(Key::RevokeSentSponsorshipConfirmation, &[("email", &name)]),
    };
    let menu_id = format!("sponsorship-menu-{}", org.id);

    html! {
        <tr class="sponsorship-row" data-friendly-name={name.clone()} data-org-id={org.id.to_string()}>
            <td class="sponsorship-recipient">{ name.clone() }</td>
            <td class="sponsorship-org">{ org.name.clone() }</td>
            <td>
                <span class={classes!("sponsorship-status", status_class)}
                    data-danger={status.is_danger().to_string()}>
                    { status.text(i18n.locale) }
                </span>
            </td>
            <td class="sponsorship-options">
                if !to_delete {
                    <div class="menu" onkeydown={on_menu_key}>
                        <button type="button" class="sponsorship-menu icon-button"
                            aria-label={i18n.t(Key::Options)} title={i18n.t(Key::Options)}
                            aria-haspopup="menu" aria-expanded={menu_open.to_string()}
                            aria-controls={menu_id.clone()}
                            disabled={busy} onclick={toggle_menu}>
                            <span aria-hidden="true">{ "⋮" }</span>
                        </button>
                        if menu_open {
                            <div id={menu_id} class="menu-list" role="menu">
                                if can_resend {
                                    <button type="button" role="menuitem" class="menu-item sponsorship-resend"
                                        aria-label={i18n.t_with(Key::ResendEmailLabel, &[("name", &name)])}
                                        onclick={on_resend}>
                                        { i18n.t(Key::ResendEmail) }
                                    </button>
                                }
                                <button type="button" role="menuitem" class="menu-item text-danger sponsorship-remove"
                                    aria-label={i18n.t_with(Key::RemoveSponsorshipOf, &[("name", &name)])}
                                    onclick={on_remove}>
                                    { i18n.t(Key::Remove) }
                                </button>
                            </div>
                        }
                    </div>
                }
                if confirming {
                    <Dialog id="sponsorship-remove-dialog"
                        title={format!("{}?", i18n.t(Key::RemoveSponsorship))}
                        on_close={close_dialog.clone()}>
                        <div class="dialog-body">
                            <p id="sponsorship-remove-text">{ confirmation }</p>
                            if let Some(failure) = remove.error() {
                                <Callout kind={CalloutKind::Danger} id="sponsorship-remove-error">
                                    { failure.user_message(i18n.locale) }
                                </Callout>
                            }
                        </div>
                        <div class="dialog-footer">
                            <button id="sponsorship-remove-confirm" type="button" class="btn btn-danger"
                                disabled={busy} aria-busy={busy.to_string()} onclick={on_confirm_remove}>
                                if busy {
                                    <span class="spinner spinner-inline" aria-hidden="true"></span>
                                }
                                { i18n.t(Key::Remove) }
                            </button>
                            <Button id="sponsorship-remove-cancel" kind={ButtonKind::Secondary}
                                disabled={busy} onclick={close_dialog.reform(|_: MouseEvent| ())}>
                                { i18n.t(Key::Cancel) }
                            </Button>
                        </div>
                    </Dialog>
                }
            </td>
        </tr>
    }
}
