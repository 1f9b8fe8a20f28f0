"""ModelFactory: factory_boy's DjangoModelFactory, typed so that `GroupFactory()` is a Group to mypy."""

from typing import TYPE_CHECKING, Any, TypeVar

from factory.django import DjangoModelFactory

T = TypeVar("T")

if TYPE_CHECKING:

    class ModelFactory(DjangoModelFactory[T]):
        # factory_boy's metaclass turns Factory() into create(); mypy reads neither, so say what comes back.
        def __new__(cls, **kwargs: Any) -> T:  # type: ignore[misc]  # the call returns the model, not the factory
            raise NotImplementedError

else:
    ModelFactory = DjangoModelFactory
