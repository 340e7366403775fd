//! `ApiError`: a request the API refuses, and the JSON document that says
//! why: `{"error": {"status": 404, "message": "..."}}`.

use hyper::StatusCode;
use serde::Serialize;

use crate::page::Reply;

/// A request the API answers with an error status and a message for the
/// program that sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// 400: the query string is not one the endpoint accepts.
    pub(super) fn bad_request(message: String) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }

    /// 404: nothing public answers to what was asked.
    pub(super) fn not_found(message: String) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message,
        }
    }

    /// 410: the article was deleted.
    pub(super) fn gone(message: String) -> Self {
        Self {
            status: StatusCode::GONE,
            message,
        }
    }

    /// What the error says.
    #[cfg(test)]
    pub(super) fn message(&self) -> &str {
        &self.message
    }

    /// Its status.
    #[cfg(test)]
    pub(super) fn status(&self) -> StatusCode {
        self.status
    }

    /// The error as a JSON reply.
    pub(super) fn reply(&self) -> Reply {
        super::json(
            self.status,
            &ErrorDocument {
                error: ErrorBody {
                    status: self.status.as_u16(),
                    message: &self.message,
                },
            },
        )
    }
}

#[derive(Serialize)]
struct ErrorDocument<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    status: u16,
    message: &'a str,
}
