//! The read-only queries behind the view functions and the runtime API.

use crate::pallet::*;

impl<T: Config> Pallet<T> {
	/// The key `who` has published, with its version, the block it was published in and its
	/// deposit, or `None` if `who` has none.
	pub(crate) fn query_key_of(who: &T::AccountId) -> Option<PublishedKeyOf<T>> {
		Keys::<T>::get(who)
	}
}
