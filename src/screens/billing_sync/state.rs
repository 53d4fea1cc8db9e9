//! The token dialog's step machine, one reducer ([`TokenDialog`] +
//! [`TokenAction`]): closed → verify the master password (A) → token shown
//! (B) → rotate confirmation (C) → back to B with a new token. The password
//! and the token live only here (as [`Secret`]s, which never print) and are
//! dropped when the dialog closes.

use crate::api::ClientError;
use crate::hooks::{ActionError, Loadable};
use crate::i18n::{Key, Locale};
use std::rc::Rc;
use wire::sponsorships::SyncStatusResponse;
use wire::{DateTime, Secret};
use yew::prelude::*;

/// Which screen of the dialog shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStep {
    /// The dialog is not open.
    Closed,
    /// A: confirm the master password.
    Verify,
    /// B: the token, its dates, Copy and Rotate.
    Token,
    /// C: "rotating invalidates the previous token", confirm or cancel.
    ConfirmRotate,
}

/// Why a submit failed; rendered in the active language.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenError {
    /// A message of ours (empty password, wrong password, …).
    Field(Key),
    /// Anything else the server or network said.
    Client(ClientError),
    /// The browser could not derive the key.
    Kdf,
}

impl ActionError for TokenError {
    fn is_unauthorized(&self) -> bool {
        matches!(self, TokenError::Client(ClientError::Unauthorized))
    }

    fn client_error(&self) -> Option<&ClientError> {
        match self {
            TokenError::Client(error) => Some(error),
            _ => None,
        }
    }
}

impl TokenError {
    /// The text to show.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            TokenError::Field(key) => locale.text(*key).to_owned(),
            TokenError::Client(error) => error.user_message(locale),
            TokenError::Kdf => locale.text(Key::KdfFailed).to_owned(),
        }
    }
}

/// A one-line confirmation in state B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenNotice {
    /// "Token rotated".
    Rotated,
    /// "Billing sync token copied".
    Copied,
    /// The clipboard refused; the token is selected instead.
    CopyFailed,
}

/// The token as the server issued it.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuedToken {
    pub api_key: Secret,
    pub revision_date: DateTime,
}

/// Everything the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenDialog {
    pub step: TokenStep,
    /// True when the organization already has a billing sync key: state A
    /// then reads "View … / Continue" instead of "Generate … / Generate token".
    pub has_key: bool,
    pub token: Option<IssuedToken>,
    /// The password confirmed in A, kept to re-derive the hash for a rotation.
    pub password: Option<Secret>,
    /// When a self-hosted installation last synced (loaded after each token).
    pub sync: Loadable<SyncStatusResponse>,
    /// True while deriving the key and waiting for the server.
    pub busy: bool,
    pub error: Option<TokenError>,
    pub notice: Option<TokenNotice>,
    /// Counts openings; answers for an earlier opening are ignored.
    pub attempt: u32,
}

impl Default for TokenDialog {
    fn default() -> Self {
        Self {
            step: TokenStep::Closed,
            has_key: false,
            token: None,
            password: None,
            sync: Loadable::Loading,
            busy: false,
            error: None,
            notice: None,
            attempt: 0,
        }
    }
}

impl TokenDialog {
    /// The dialog title: "Rotate …" while confirming a rotation, otherwise
    /// "Generate …" until a key exists, then "View …".
    pub fn title(&self) -> Key {
        if self.step == TokenStep::ConfirmRotate {
            Key::RotateBillingSyncToken
        } else if self.has_key {
            Key::ViewBillingSyncToken
        } else {
            Key::GenerateBillingSyncToken
        }
    }

    /// The label of state A's submit button.
    pub fn submit_label(&self) -> Key {
        match (self.busy, self.has_key) {
            (true, _) => Key::Verifying,
            (false, true) => Key::Continue,
            (false, false) => Key::GenerateToken,
        }
    }

    fn is_submitting_step(&self) -> bool {
        matches!(self.step, TokenStep::Verify | TokenStep::ConfirmRotate)
    }
}

/// Everything that moves the dialog.
#[derive(Debug)]
pub enum TokenAction {
    /// The billing sync button was pressed.
    Open { has_key: bool },
    /// Close, Escape: forget the token and the password.
    Close,
    /// The input was refused before anything was sent.
    Invalid(Key),
    /// A request started (A: get-or-create, C: rotate).
    Submit,
    /// The server issued a token for opening `attempt`.
    Issued {
        attempt: u32,
        token: IssuedToken,
        password: Secret,
    },
    /// The request of opening `attempt` failed; stay on the same step.
    Failed { attempt: u32, error: TokenError },
    /// The sync status is being (re)loaded.
    SyncLoading,
    /// The sync status of opening `attempt` arrived.
    SyncLoaded {
        attempt: u32,
        result: Result<SyncStatusResponse, ClientError>,
    },
    /// B → C ("Rotate token"); nothing is sent yet.
    AskRotate,
    /// C → B ("Cancel").
    CancelRotate,
    /// The token was copied to the clipboard.
    Copied,
    /// The clipboard refused.
    CopyFailed,
}

impl Reducible for TokenDialog {
    type Action = TokenAction;

    fn reduce(self: Rc<Self>, action: TokenAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TokenAction::Open { has_key } => {
                next = TokenDialog {
                    step: TokenStep::Verify,
                    has_key,
                    attempt: self.attempt.wrapping_add(1),
                    ..TokenDialog::default()
                };
            }
            TokenAction::Close => {
                next = TokenDialog {
                    has_key: self.has_key,
                    attempt: self.attempt,
                    ..TokenDialog::default()
                };
            }
            TokenAction::Invalid(key) if self.step == TokenStep::Verify && !self.busy => {
                next.error = Some(TokenError::Field(key));
            }
            TokenAction::Submit if self.is_submitting_step() && !self.busy => {
                next.busy = true;
                next.error = None;
                next.notice = None;
            }
            TokenAction::Issued {
                attempt,
                token,
                password,
            } if attempt == self.attempt && self.is_submitting_step() => {
                next.notice =
                    (self.step == TokenStep::ConfirmRotate).then_some(TokenNotice::Rotated);
                next.step = TokenStep::Token;
                next.token = Some(token);
                next.password = Some(password);
                next.has_key = true;
                next.busy = false;
                next.error = None;
                next.sync = Loadable::Loading;
            }
            TokenAction::Failed { attempt, error }
                if attempt == self.attempt && self.is_submitting_step() =>
            {
                next.busy = false;
                next.error = Some(error);
            }
            TokenAction::SyncLoading if self.token.is_some() => next.sync = Loadable::Loading,
            TokenAction::SyncLoaded { attempt, result }
                if attempt == self.attempt && self.token.is_some() =>
            {
                next.sync = match result {
                    Ok(status) => Loadable::Ready(Rc::new(status)),
                    Err(error) => Loadable::Failed(error),
                };
            }
            TokenAction::AskRotate if self.step == TokenStep::Token => {
                next.step = TokenStep::ConfirmRotate;
                next.notice = None;
                next.error = None;
            }
            TokenAction::CancelRotate if self.step == TokenStep::ConfirmRotate && !self.busy => {
                next.step = TokenStep::Token;
                next.error = None;
            }
            TokenAction::Copied if self.step == TokenStep::Token => {
                next.notice = Some(TokenNotice::Copied);
            }
            TokenAction::CopyFailed if self.step == TokenStep::Token => {
                next.notice = Some(TokenNotice::CopyFailed);
            }
            // Late answers, double clicks, actions for another step.
            _ => return self,
        }
        Rc::new(next)
    }
}
