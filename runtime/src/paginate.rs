//! Paginators: every page of a paged operation as a [`Stream`], and every
//! item of those pages as another.
//!
//! A generated SDK implements [`Paginated`] for the request type of each
//! operation the spec marks as paged (its `pagination` entry): which style
//! drives it, how to set the page number or token on a copy of the
//! request, and where the items, the token and the total are in the
//! response. The loop itself is written once, here.
//!
//! Alibaba Cloud pages in two ways ([`PageStyle`]); a paginator stops
//!
//! * on a page with no items;
//! * by page number: when `TotalCount` items have been seen;
//! * by token: when the response has no `NextToken`, an empty one, or the
//!   one it was called with (a service that does not advance would
//!   otherwise be asked forever).
//!
//! An error is yielded as an item and ends the stream: the pages yielded
//! before it stay with the caller, and the request that failed was already
//! retried by the client's policy.
//!
//! ```no_run
//! # async fn example<R>(client: acs_runtime::Client, request: R)
//! # where R: acs_runtime::paginate::Paginated + Clone + Send + Sync + 'static,
//! #       R::Output: Send, R::Item: std::fmt::Debug {
//! let mut items = acs_runtime::paginate::Paginator::new(client, request).items();
//! while let Some(item) = items.next().await {
//!     match item {
//!         Ok(item) => println!("{item:?}"),
//!         Err(e) => eprintln!("{}", acs_runtime::error::DisplayErrorContext(&e)),
//!     }
//! }
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::client::Client;
use crate::error::SdkError;
use crate::operation::Operation;

/// Which way an operation asks for the next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageStyle {
    /// `PageNumber` from the request's (or 1) upwards; the response's
    /// `TotalCount` says when all items were seen.
    PageNumber,
    /// The response's `NextToken` is sent back as the request's.
    NextToken,
}

/// What a paginator reads from one page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageInfo<'a> {
    /// How many items the page holds.
    pub items: usize,
    /// The token of the next page, if the response has one.
    pub next_token: Option<&'a str>,
    /// The total number of items, if the response says.
    pub total: Option<i64>,
}

/// A request whose operation pages; implemented by generated code.
///
/// Only the setter and getter of the [`STYLE`](Self::STYLE) in use need an
/// implementation; the others are never called.
pub trait Paginated: Operation + Clone {
    /// An element of the list the operation pages over.
    type Item;
    /// The style the paginator drives.
    const STYLE: PageStyle;
    /// The page number the request asks for, if set.
    fn page_number(&self) -> Option<i64> {
        None
    }
    /// Asks for page `page`.
    fn set_page_number(&mut self, page: i64) {
        let _ = page;
    }
    /// Asks for the page after the one `token` came with.
    fn set_next_token(&mut self, token: String) {
        let _ = token;
    }
    /// What the paginator needs to know about a page.
    fn page_info(output: &Self::Output) -> PageInfo<'_>;
    /// The page's items, taken out of it.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

type PageFuture<R> = Pin<
    Box<
        dyn Future<Output = Result<<R as Operation>::Output, SdkError<<R as Operation>::Error>>>
            + Send,
    >,
>;

/// Pages of a paged operation, starting from a request; the other
/// parameters of the request are sent with every page.
pub struct Paginator<R> {
    client: Client,
    request: R,
}

impl<R> fmt::Debug for Paginator<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator").finish_non_exhaustive()
    }
}

impl<R> Paginator<R>
where
    R: Paginated + Send + Sync + 'static,
    R::Output: Send,
{
    /// A paginator calling `request` through `client`.
    pub fn new(client: Client, request: R) -> Self {
        Paginator { client, request }
    }

    /// The pages, each the operation's whole response.
    pub fn pages(self) -> Pages<R> {
        let start = self.request.page_number().unwrap_or(1).max(1);
        Pages {
            client: self.client,
            next: Some(self.request),
            pending: None,
            page: start,
            start,
            first_len: None,
            seen: 0,
            last_token: None,
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<R> {
        Items {
            pages: self.pages(),
            buffer: Vec::new().into_iter(),
        }
    }
}

/// The stream of pages; see [`Paginator::pages`].
pub struct Pages<R: Paginated> {
    client: Client,
    /// The request of the next page; `None` once the stream has ended.
    next: Option<R>,
    pending: Option<(R, PageFuture<R>)>,
    /// The page number of the next request (page-number style).
    page: i64,
    start: i64,
    first_len: Option<usize>,
    seen: u64,
    /// The token sent with the request in flight (token style).
    last_token: Option<String>,
}

// The request and the response are never pinned: only the boxed future is.
impl<R: Paginated> Unpin for Pages<R> {}

impl<R: Paginated> fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("style", &R::STYLE)
            .field("done", &(self.next.is_none() && self.pending.is_none()))
            .field("page", &self.page)
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
}

impl<R> Pages<R>
where
    R: Paginated + Send + Sync + 'static,
    R::Output: Send,
{
    /// The next page; `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<Result<R::Output, SdkError<R::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<R::Output>, SdkError<R::Error>> {
        let mut out = Vec::new();
        while let Some(page) = self.next().await {
            out.push(page?);
        }
        Ok(out)
    }

    /// Decides the request of the page after `output`, or ends the stream.
    fn advance(&mut self, mut request: R, output: &R::Output) {
        let info = R::page_info(output);
        self.seen += info.items as u64;
        if info.items == 0 {
            return;
        }
        match R::STYLE {
            PageStyle::NextToken => {
                let Some(token) = info.next_token.filter(|t| !t.is_empty()) else {
                    return;
                };
                // The same token as sent: the service is not advancing.
                if self.last_token.as_deref() == Some(token) {
                    return;
                }
                self.last_token = Some(token.to_owned());
                request.set_next_token(token.to_owned());
            }
            PageStyle::PageNumber => {
                let first_len = *self.first_len.get_or_insert(info.items) as u64;
                if let Some(total) = info.total.map(|t| u64::try_from(t).unwrap_or(0)) {
                    // Items on the pages before the first one asked for: a
                    // first page shorter than the rest was the last one anyway.
                    let before = u64::try_from(self.start - 1).unwrap_or(0) * first_len;
                    if before + self.seen >= total {
                        return;
                    }
                }
                self.page += 1;
                request.set_page_number(self.page);
            }
        }
        self.next = Some(request);
    }
}

impl<R> Stream for Pages<R>
where
    R: Paginated + Send + Sync + 'static,
    R::Output: Send,
{
    type Item = Result<R::Output, SdkError<R::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.pending.is_none() {
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            let client = this.client.clone();
            let sent = request.clone();
            let future: PageFuture<R> = Box::pin(async move { client.call(&sent).await });
            this.pending = Some((request, future));
        }
        let Some((_, future)) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let Some((request, _)) = this.pending.take() else {
            return Poll::Ready(None);
        };
        if let Ok(output) = &result {
            this.advance(request, output);
        }
        Poll::Ready(Some(result))
    }
}

/// The stream of items; see [`Paginator::items`].
pub struct Items<R: Paginated> {
    pages: Pages<R>,
    buffer: std::vec::IntoIter<R::Item>,
}

impl<R: Paginated> Unpin for Items<R> {}

impl<R: Paginated> fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<R> Items<R>
where
    R: Paginated + Send + Sync + 'static,
    R::Output: Send,
{
    /// The next item; `None` after the last one or after an error.
    pub async fn next(&mut self) -> Option<Result<R::Item, SdkError<R::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<R::Item>, SdkError<R::Error>> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<R> Stream for Items<R>
where
    R: Paginated + Send + Sync + 'static,
    R::Output: Send,
{
    type Item = Result<R::Item, SdkError<R::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer = R::into_items(page).into_iter(),
            }
        }
    }
}
