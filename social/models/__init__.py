from .users import USERNAME_PATTERN, User, UserManager, new_user_external_id

__all__ = ["USERNAME_PATTERN", "User", "UserManager", "new_user_external_id"]
